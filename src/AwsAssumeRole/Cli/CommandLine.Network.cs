using System.CommandLine;

namespace AwsAssumeRole.Cli;

/// <summary>The network's part of the grammar: how long STS may take, and plain HTTP.</summary>
internal sealed partial class CommandLine
{
    public Option<string> Timeout { get; } = new("--timeout") { Description = "The most time the run may spend waiting for STS, all calls and retries together: seconds or 30s, 2m (default: AWS_ASSUME_ROLE_TIMEOUT, else 15s).", HelpName = "DURATION" };

    public Option<bool> AllowHttp { get; } = new("--allow-http") { Description = "Allow a plain http:// STS endpoint on another machine (credentials then travel unencrypted); loopback needs no option." };

    private void AddNetworkGrammar()
    {
        foreach (var option in new Option[] { Timeout, AllowHttp })
        {
            option.Recursive = true;
            Root.Options.Add(option);
        }
    }
}
