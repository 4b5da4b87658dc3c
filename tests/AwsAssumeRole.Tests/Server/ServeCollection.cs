using AwsAssumeRole.Tests.Infrastructure;

namespace AwsAssumeRole.Tests.Server;

/// <summary>
/// serve's specs wait in real time (refreshes every few seconds, faults, a soak): they get a moto of
/// their own, so that they run beside the other specs instead of after them.
/// </summary>
[CollectionDefinition("serve")]
public sealed class ServeCollection : ICollectionFixture<MotoFixture>
{
}
