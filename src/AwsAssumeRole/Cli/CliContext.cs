using System.Text;
using AwsAssumeRole.Core.Chain;
using AwsAssumeRole.Core.Platform;
using AwsAssumeRole.Core.Sts;

namespace AwsAssumeRole.Cli;

/// <summary>
/// What every verb's handler gets besides the parse result: the process environment, the standard
/// streams, the command after <c>--</c>, and the log (set up from <c>--quiet</c>/<c>--debug</c> once
/// the command line is parsed).
/// </summary>
internal sealed class CliContext(IProcessEnvironment environment, Stream stdout, TextWriter stderr, bool stdoutIsTerminal, string[] arguments, string[]? command)
{
    /// <summary>The tool's own arguments: everything before the first <c>--</c>.</summary>
    public string[] Arguments => arguments;

    public IProcessEnvironment Environment => environment;

    /// <summary>Everything after the first <c>--</c>; null when there was no <c>--</c>.</summary>
    public string[]? Command => command;

    public bool StdoutIsTerminal => stdoutIsTerminal;

    /// <summary>Makes the STS client; null for the official SDK's (see <see cref="ChainServices.Sts"/>).</summary>
    public Func<StsEndpoint, StsTransport, IChainLog, IStsGateway>? Sts { get; init; }

    public TextWriter Stderr => stderr;

    public Stream Stdout => stdout;

    public StderrLog Log { get; private set; } = new(stderr, quiet: false, debug: false);

    public bool DebugEnabled => Log.DebugEnabled;

    /// <summary>Sets the log up as the command line asks.</summary>
    public void ConfigureLog(bool quiet, bool debug) => Log = new StderrLog(stderr, quiet, debug);

    /// <summary>Writes the run's one result to stdout: called once, at the end, and only on success.</summary>
    public async Task WriteStdoutAsync(string text, CancellationToken cancellationToken)
    {
        var bytes = new UTF8Encoding(false).GetBytes(text);
        await stdout.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
