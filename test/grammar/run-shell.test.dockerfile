# SYNTAX TEST "source.dockerfile" "shell inside RUN: shell form, flags, continuation lines, comment lines"
FROM python:3.13-slim AS build
# <---- keyword.other.special-method.dockerfile
#    ^^^^^^^^^^^^^^^^^^ - meta.embedded.block.shell
RUN --mount=type=cache,target=/root/.cache pip install -r requirements.txt && \
# <--- meta.instruction.run.dockerfile keyword.other.special-method.dockerfile
#   ^^ punctuation.definition.flag.dockerfile
#     ^^^^^ entity.other.attribute-name.flag.dockerfile
#          ^ keyword.operator.assignment.dockerfile
#           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ string.unquoted.flag-value.dockerfile
#                                          ^^^ meta.embedded.block.shell entity.name.command.shell
#                                                      ^ meta.embedded.block.shell constant.other.option.dash.shell
#                                                       ^ meta.embedded.block.shell constant.other.option
#                                                                          ^^ meta.embedded.block.shell
#                                                                             ^ meta.embedded.block.shell constant.character.escape.line-continuation.shell
    # a comment line inside the RUN: Docker drops it and the instruction goes on
#   ^ meta.instruction.run.dockerfile comment.line.number-sign.dockerfile
    echo "done $HOME"
#   ^^^^ meta.instruction.run.dockerfile meta.embedded.block.shell entity.name.command.shell
#        ^^^^^^ meta.embedded.block.shell string.quoted.double.shell
#              ^^^^^ meta.embedded.block.shell variable.other.normal.shell
ENV PATH=/venv/bin:$PATH
# <--- keyword.other.special-method.dockerfile - meta.instruction.run.dockerfile
#   ^^^^^^^^^^^^^^^^^^^^ - meta.embedded.block.shell
RUN ["python", "-m", "app"]
# <--- keyword.other.special-method.dockerfile - meta.instruction.run.dockerfile
#    ^^^^^^^^ string.quoted.double.dockerfile - meta.embedded.block.shell
onbuild run apt-get update
# <------- keyword.control.dockerfile
#       ^^^ keyword.other.special-method.dockerfile
#           ^^^^^^^ meta.embedded.block.shell entity.name.command.shell
RUN \
# <--- meta.instruction.run.dockerfile
  apk add --no-cache curl
# ^^^ meta.embedded.block.shell entity.name.command.shell
#         ^ meta.embedded.block.shell constant.other.option.dash.shell
#           ^^^^^^^^ meta.embedded.block.shell constant.other.option
CMD ["python", "-m", "app"]
# <--- keyword.other.special-method.dockerfile - meta.instruction.run.dockerfile
