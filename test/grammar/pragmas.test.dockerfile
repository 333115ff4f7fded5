# SYNTAX TEST "source.dockerfile" "suppression pragmas and BuildKit check directives"
# check=skip=JSONArgsRecommended,StageNameCasing;error=true
# <- punctuation.definition.comment.dockerfile
# ^^^^^ keyword.control.directive.check.dockerfile
#       ^^^^ variable.parameter.check.dockerfile
#            ^^^^^^^^^^^^^^^^^^^ constant.language.rule-id.dockerfile
#                               ^ punctuation.separator.comma.dockerfile
#                                                ^^^^^ variable.parameter.check.dockerfile
#                                                      ^^^^ constant.language.boolean.dockerfile
# layerwise-ignore-file consecutive-run
# ^^^^^^^^^^^^^^^^^^^^^ comment.line.number-sign.pragma.layerwise.dockerfile keyword.control.directive.layerwise
#                       ^^^^^^^^^^^^^^^ constant.language.rule-id.dockerfile
FROM debian:13-slim
# hadolint ignore=DL3008,DL3015
# ^^^^^^^^ keyword.control.directive.hadolint
#          ^^^^^^ keyword.control.directive.hadolint
#                ^ keyword.operator.assignment.hadolint
#                 ^^^^^^ constant.language.rule-id.dockerfile
#                       ^ punctuation.separator.comma.dockerfile
#                        ^^^^^^ constant.language.rule-id.dockerfile
# hadolint global ignore=DL3059
#          ^^^^^^ storage.modifier.scope.hadolint
#                        ^^^^^^ constant.language.rule-id.dockerfile
# hadolint stage ignore=DL3006
#          ^^^^^ storage.modifier.scope.hadolint
#                ^^^^^^ keyword.control.directive.hadolint
#                       ^^^^^^ constant.language.rule-id.dockerfile
  # layerwise-ignore apt-no-install-recommends, apt-lists-not-cleaned
# ^ punctuation.definition.comment.dockerfile
#   ^^^^^^^^^^^^^^^^ keyword.control.directive.layerwise
#                    ^^^^^^^^^^^^^^^^^^^^^^^^^ constant.language.rule-id.dockerfile
#                                               ^^^^^^^^^^^^^^^^^^^^^ constant.language.rule-id.dockerfile
RUN apt-get update && apt-get install -y curl
# an ordinary comment stays a comment
# ^^^^^^^^^^^^^^^^^ comment.line.number-sign.dockerfile - keyword.control.directive.layerwise
