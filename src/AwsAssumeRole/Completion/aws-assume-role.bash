# bash completion for aws-assume-role. Install: aws-assume-role completion bash >> ~/.bashrc
# (or save it as ~/.local/share/bash-completion/completions/aws-assume-role).
# The candidates come from the binary itself: aws-assume-role '[suggest:POSITION]' 'LINE'.
# It reads only ~/.aws/config, ~/.aws/credentials and the credentials cache: no network, no prompt.

_aws_assume_role() {
    local i command line candidates word breaks=""
    COMPREPLY=()

    # After --, the words are a command of its own: its own completion takes over.
    for ((i = 1; i < COMP_CWORD; i++)); do
        if [[ "${COMP_WORDS[i]}" == "--" ]]; then
            _aws_assume_role_command $((i + 1))
            return
        fi
    done

    # --policy takes a file (or JSON): readline's own file name completion.
    if [[ "${COMP_WORDS[COMP_CWORD - 1]}" == "--policy" ]]; then
        compopt -o default
        return
    fi

    # The line up to the cursor, starting with the plain command name however it was typed.
    command="${COMP_WORDS[0]}"
    [[ "$command" == "~/"* ]] && command="$HOME/${command#\~/}"
    line="${COMP_LINE:0:COMP_POINT}"
    line="aws-assume-role${line#*"${COMP_WORDS[0]}"}"
    word="${line##* }"

    mapfile -t candidates < <("$command" "[suggest:${#line}]" "$line" 2>/dev/null)

    # bash replaces only the part of the word after its last word-break character (: and = by
    # default, which role ARNs and --opt=value contain): offer the candidates from there on.
    if [[ "$word" == *[:=]* ]]; then
        local c
        for c in : =; do
            [[ "$COMP_WORDBREAKS" == *"$c"* ]] && breaks+="$c"
        done
        if [[ -n "$breaks" && "$word" == *["$breaks"]* ]]; then
            local keep="${word%"${word##*["$breaks"]}"}"
            for i in "${!candidates[@]}"; do
                candidates[i]="${candidates[i]#"$keep"}"
            done
        fi
    fi
    COMPREPLY=("${candidates[@]}")
}

# The command after --: bash-completion's _command_offset when it is loaded. Otherwise command
# names for the first word, then that command's own completion (complete -p): its function, or
# its word lists and actions through compgen; file names when it has none.
_aws_assume_role_command() {
    local offset=$1
    if declare -F _command_offset >/dev/null; then
        _command_offset "$offset"
        return
    fi

    local cur="${COMP_WORDS[COMP_CWORD]}"
    if ((COMP_CWORD == offset)); then
        mapfile -t COMPREPLY < <(compgen -c -- "$cur")
        return
    fi

    local child="${COMP_WORDS[offset]}" spec
    spec="$(complete -p "$child" 2>/dev/null)"
    if [[ "$spec" =~ \ -F\ ([^ ]+) ]]; then
        local function="${BASH_REMATCH[1]}" prefix="${COMP_WORDS[*]:0:offset}"
        COMP_LINE="${COMP_LINE#*"$prefix" }"
        COMP_POINT=$((COMP_POINT - ${#prefix} - 1))
        COMP_WORDS=("${COMP_WORDS[@]:offset}")
        COMP_CWORD=$((COMP_CWORD - offset))
        "$function" "$child" "$cur" "${COMP_WORDS[COMP_CWORD - 1]}"
    elif [[ -n "$spec" ]]; then
        spec="${spec#complete }"
        mapfile -t COMPREPLY < <(eval "compgen ${spec% *}" '-- "$cur"' 2>/dev/null)
    else
        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
    fi
}

complete -F _aws_assume_role aws-assume-role
