# PowerShell completion for aws-assume-role. Install:
#   aws-assume-role completion pwsh >> $PROFILE
# The candidates come from the binary itself: aws-assume-role '[suggest:POSITION]' 'LINE'.
# It reads only ~/.aws/config, ~/.aws/credentials and the credentials cache: no network, no prompt.

Register-ArgumentCompleter -Native -CommandName aws-assume-role, aws-assume-role.exe -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $start = $commandAst.Extent.StartOffset
    $elements = @($commandAst.CommandElements)

    # After --, the words are a command of its own: PowerShell's completion of that command takes over.
    for ($i = 1; $i -lt $elements.Count; $i++) {
        $element = $elements[$i]
        if ($element.Extent.EndOffset -ge $cursorPosition) { break }
        if ($element.Extent.Text -eq '--') {
            $childStart = $elements[$i + 1].Extent.StartOffset
            if ($i + 1 -ge $elements.Count -or $childStart -gt $cursorPosition) { $childStart = $cursorPosition }
            $child = $commandAst.Extent.Text.Substring($childStart - $start, $cursorPosition - $childStart)
            $inner = TabExpansion2 -inputScript $child -cursorColumn $child.Length
            foreach ($match in $inner.CompletionMatches) { $match }
            return
        }
    }

    # --policy takes a file (or JSON): PowerShell completes paths when a completer offers nothing.
    $previous = @($elements | Where-Object { $_.Extent.EndOffset -lt $cursorPosition })[-1]
    if ($previous -and $previous.Extent.Text -eq '--policy') { return }

    # The line up to the cursor, starting with the plain command name however it was typed.
    $first = $elements[0].Extent
    $before = $commandAst.Extent.Text.Substring(0, [Math]::Min($cursorPosition - $start, $commandAst.Extent.Text.Length))
    $line = 'aws-assume-role' + $before.Substring($first.EndOffset - $start)
    if ($cursorPosition -gt $commandAst.Extent.EndOffset) { $line += ' ' }
    $command = $first.Text
    # With nothing to offer, PowerShell offers file names, as for any native command.
    foreach ($word in @(& $command "[suggest:$($line.Length)]" $line 2>$null)) {
        [System.Management.Automation.CompletionResult]::new($word, $word, 'ParameterValue', $word)
    }
}
