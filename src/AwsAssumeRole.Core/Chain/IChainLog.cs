namespace AwsAssumeRole.Core.Chain;

/// <summary>Where the chain tells people what it does. Never handed a secret.</summary>
public interface IChainLog
{
    /// <summary>Progress for people (<c>INFO: Switched to role ...</c>); silenced by <c>--quiet</c>.</summary>
    void Info(string message);

    /// <summary>Something the user should know although the run goes on.</summary>
    void Warning(string message);

    /// <summary>Detail for <c>--debug</c>.</summary>
    void Debug(string message);

    /// <summary>
    /// Whether <see cref="Debug"/> lines are shown: a line that costs something to build (a
    /// description, a formatted time) is built only then, since a run the cache answers has little
    /// else to do.
    /// </summary>
    bool DebugEnabled => true;

    /// <summary>
    /// A secret the run now holds (a secret key, a session token): a last line of defence, the log
    /// masks it in every line it writes from now on, although no message is built from one.
    /// </summary>
    void Secret(string? value);
}

/// <summary>A log that drops everything.</summary>
public sealed class SilentChainLog : IChainLog
{
    /// <inheritdoc />
    public void Info(string message)
    {
    }

    /// <inheritdoc />
    public void Warning(string message)
    {
    }

    /// <inheritdoc />
    public bool DebugEnabled => false;

    /// <inheritdoc />
    public void Debug(string message)
    {
    }

    /// <inheritdoc />
    public void Secret(string? value)
    {
    }
}
