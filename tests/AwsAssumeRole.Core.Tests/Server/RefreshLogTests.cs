using AwsAssumeRole.Core.Server;
using AwsAssumeRole.Core.Tests.Chain;

namespace AwsAssumeRole.Core.Tests.Server;

public sealed class RefreshLogTests
{
    [Fact]
    public void While_starting_everything_passes_once_serving_hop_lines_are_dropped_and_warnings_given_once()
    {
        // Arrange
        var inner = new RecordingChainLog();
        var log = new RefreshLog(inner);

        // Act
        log.Info("Switched to role a");
        log.Warning("--duration 12h shortened to 1h from hop 2 on");
        log.StartServing();
        log.Info("Switched to role a");
        log.Warning("--duration 12h shortened to 1h from hop 2 on");
        log.Warning("cannot write the credentials cache");
        log.Warning("cannot write the credentials cache");
        log.Debug("AssumeRole a");
        log.Secret("secret-value-123");

        // Assert
        Assert.Equal(["Switched to role a"], inner.Infos);
        Assert.Equal(["--duration 12h shortened to 1h from hop 2 on", "cannot write the credentials cache"], inner.Warnings);
        Assert.Equal(["AssumeRole a"], inner.Debugs);
        Assert.Equal(["secret-value-123"], inner.Secrets);
    }
}
