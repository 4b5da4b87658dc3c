#compdef aws-assume-role
# zsh completion for aws-assume-role. Install: aws-assume-role completion zsh >> ~/.zshrc
# (after compinit), or save it as _aws-assume-role in a folder of your $fpath.
# The candidates come from the binary itself: aws-assume-role '[suggest:POSITION]' 'LINE'.
# It reads only ~/.aws/config, ~/.aws/credentials and the credentials cache: no network, no prompt.

_aws_assume_role() {
    local i line command
    local -a candidates

    # After --, the words are a command of its own: its own completion takes over.
    for (( i = 2; i < CURRENT; i++ )); do
        if [[ ${words[i]} == -- ]]; then
            shift $i words
            (( CURRENT -= i ))
            _normal
            return
        fi
    done

    # --policy takes a file (or JSON).
    if [[ ${words[CURRENT-1]} == --policy ]]; then
        _files
        return
    fi

    # The words up to the cursor, starting with the plain command name however it was typed.
    command=${~words[1]}
    line="aws-assume-role ${(j: :)${(@)words[2,CURRENT-1]}}"
    (( CURRENT > 2 )) && line+=" "
    line+=$PREFIX
    candidates=("${(@f)$("$command" "[suggest:${#line}]" "$line" 2>/dev/null)}")
    candidates=(${candidates:#})
    compadd -Q -- "${candidates[@]}"
}

if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
    _aws_assume_role "$@"
else
    compdef _aws_assume_role aws-assume-role
fi
