# SYNTAX TEST "source.dockerfile" "RUN heredocs: shell bodies are shell, other bodies are data"
FROM debian:13-slim
RUN <<EOF
# <--- meta.instruction.run.heredoc.dockerfile keyword.other.special-method.dockerfile
#   ^^ keyword.operator.heredoc.dockerfile
#     ^^^ keyword.control.heredoc-token.dockerfile
set -e
# <--- meta.embedded.block.shell entity.name.command.shell
FROM inside-the-script
# <---- meta.embedded.block.shell entity.name.command.shell - keyword.other.special-method.dockerfile
EOF
# <--- keyword.control.heredoc-token.dockerfile - meta.embedded.block.shell
RUN <<-"SCRIPT" bash -ex
#   ^^^ keyword.operator.heredoc.dockerfile
#       ^^^^^^ keyword.control.heredoc-token.dockerfile
#               ^^^^ entity.name.command.shell
#                    ^^^ constant.other.option.shell
	echo "$HOME"
# <~---- meta.embedded.block.shell entity.name.command.shell
	SCRIPT
# <~------ keyword.control.heredoc-token.dockerfile
RUN python3 -u <<PY
#   ^^^^^^^ entity.name.command.shell
#           ^^ constant.other.option.shell
#              ^^ keyword.operator.heredoc.dockerfile
import os
# <--------- string.unquoted.heredoc.dockerfile - meta.embedded.block.shell
RUN not-a-keyword-here
# <--- string.unquoted.heredoc.dockerfile - keyword.other.special-method.dockerfile
PY
# <-- keyword.control.heredoc-token.dockerfile
USER nonroot
# <---- keyword.other.special-method.dockerfile - meta.instruction.run.heredoc.dockerfile
