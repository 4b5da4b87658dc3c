# fish completion for aws-assume-role. Install:
#   aws-assume-role completion fish > ~/.config/fish/completions/aws-assume-role.fish
# The candidates come from the binary itself: aws-assume-role '[suggest:POSITION]' 'LINE'.
# It reads only ~/.aws/config, ~/.aws/credentials and the credentials cache: no network, no prompt.

function __aws_assume_role_complete
    set -l tokens (commandline -opc)
    set -l current (commandline -ct)

    # After --, the words are a command of its own: its own completion takes over.
    if set -l separator (contains -i -- -- $tokens[2..-1])
        set -l child $tokens[(math $separator + 2)..-1]
        complete -C (string join ' ' -- (string escape -- $child) $current)
        return
    end

    # --policy takes a file (or JSON).
    if test "$tokens[-1]" = --policy
        __fish_complete_path $current
        return
    end

    # The words up to the cursor, starting with the plain command name however it was typed.
    set -l line (string join ' ' -- aws-assume-role $tokens[2..-1] $current)
    $tokens[1] "[suggest:"(string length -- $line)"]" $line 2>/dev/null
end

complete -c aws-assume-role -f -a '(__aws_assume_role_complete)'
