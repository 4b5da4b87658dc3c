using AwsAssumeRole.Core.Chain;

namespace AwsAssumeRole.Core.Server;

/// <summary>
/// The log of a long-lived session: while it starts, everything goes through as for any run (one
/// <c>INFO: Switched to role</c> line per hop); once it serves, each refresh must be one line, so
/// the chain's own per-hop lines are dropped and a warning already given (such as the 1 h cap on a
/// chained hop) is not given again at every refresh. Debug lines and secrets always pass.
/// </summary>
/// <param name="inner">The real log.</param>
public sealed class RefreshLog(IChainLog inner) : IChainLog
{
    private readonly HashSet<string> warned = [];
    private volatile bool serving;

    /// <summary>From now on, per-hop lines are dropped and warnings given once.</summary>
    public void StartServing() => serving = true;

    /// <inheritdoc />
    public void Info(string message)
    {
        if (!serving)
        {
            inner.Info(message);
        }
    }

    /// <inheritdoc />
    public void Warning(string message)
    {
        bool first;
        lock (warned)
        {
            first = warned.Add(message);
        }

        if (first || !serving)
        {
            inner.Warning(message);
        }
    }

    /// <inheritdoc />
    public void Debug(string message) => inner.Debug(message);

    /// <inheritdoc />
    public void Secret(string? value) => inner.Secret(value);
}
