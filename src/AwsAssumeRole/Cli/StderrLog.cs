using AwsAssumeRole.Core.Chain;
using AwsAssumeRole.Core.Text;

namespace AwsAssumeRole.Cli;

/// <summary>
/// Everything for people goes to stderr, through here. As a last line of defence every line is
/// scrubbed of the secrets the run has seen, although no message is built from one, and made
/// printable (<see cref="PrintableText"/>), although outside text is made so where it is quoted.
/// </summary>
internal sealed class StderrLog(TextWriter stderr, bool quiet, bool debug) : IChainLog
{
    private readonly List<string> secrets = [];

    public bool DebugEnabled => debug;

    public void Secret(string? secret)
    {
        if (!string.IsNullOrEmpty(secret) && secret.Length >= 8)
        {
            secrets.Add(secret);
        }
    }

    public void Info(string message)
    {
        if (!quiet)
        {
            Write("INFO: " + message);
        }
    }

    public void Warning(string message) => Write("WARNING: " + message);

    public void Debug(string message)
    {
        if (debug)
        {
            Write("DEBUG: " + message);
        }
    }

    public void Error(string message) => Write("aws-assume-role: error: " + message);

    public void Hint(string message) => Write("hint: " + message);

    public void Write(string line)
    {
        foreach (var secret in secrets)
        {
            line = line.Replace(secret, "****", StringComparison.Ordinal);
        }

        // The last line of defence for the terminal too: whatever a message carries, no escape
        // sequence or other control character leaves here (a stack trace keeps its line breaks).
        line = string.Join('\n', line.Split('\n').Select(part => PrintableText.Escape(part.TrimEnd('\r'), int.MaxValue)));

        stderr.Write(line + "\n");
        stderr.Flush();
    }
}
