namespace AwsAssumeRole.Tests.Infrastructure;

/// <summary>
/// The base of specs that check what moto received (through moto's own recorder): the shared moto,
/// reset before each test, and a clean <see cref="TestEnvironment"/> with no keys in it, for specs
/// that set up their source credentials themselves (profiles, MFA, session parameters).
/// </summary>
[Trait("Layer", "Integration")]
public abstract class RecordedMotoSpecs(MotoFixture moto) : IAsyncLifetime, IDisposable
{
    protected TestEnvironment Env { get; } = new();

    protected MotoServer Moto => moto.Server;

    public virtual async Task InitializeAsync() => await moto.Server.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Every STS request moto received in this test.</summary>
    protected Task<IReadOnlyList<RecordedRequest>> RequestsAsync() => Moto.RecordedRequestsAsync();

    /// <summary>The <c>AssumeRole</c> requests moto received in this test.</summary>
    protected Task<IReadOnlyList<RecordedRequest>> AssumeRolesAsync() => Moto.AssumeRolesAsync();

    public void Dispose()
    {
        Env.Dispose();
        GC.SuppressFinalize(this);
    }
}
