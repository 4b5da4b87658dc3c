using AwsAssumeRole.Core.Chain;

namespace AwsAssumeRole.Core.Tests.Chain;

/// <summary>Keeps every line the chain logs, by level, so tests can read them back.</summary>
internal sealed class RecordingChainLog : IChainLog
{
    public List<string> Infos { get; } = [];

    public List<string> Warnings { get; } = [];

    public List<string> Debugs { get; } = [];

    public List<string> Secrets { get; } = [];

    public IEnumerable<string> All => Infos.Concat(Warnings).Concat(Debugs);

    public void Info(string message) => Infos.Add(message);

    public void Warning(string message) => Warnings.Add(message);

    public void Debug(string message) => Debugs.Add(message);

    public void Secret(string? value)
    {
        if (value is not null)
        {
            Secrets.Add(value);
        }
    }
}
