namespace AwsAssumeRole.Tests.Infrastructure;

/// <summary>
/// The base of specs that check what moto received: the shared moto, reset before each test, behind
/// a fresh <see cref="RecordingProxy"/>, and a clean <see cref="TestEnvironment"/>.
/// </summary>
public abstract class RecordedMotoSpecs(MotoFixture moto) : IAsyncLifetime, IDisposable
{
    protected TestEnvironment Env { get; } = new();

    protected RecordingProxy Proxy { get; private set; } = null!;

    protected MotoServer Moto => moto.Server;

    public virtual async Task InitializeAsync()
    {
        await moto.Server.ResetAsync();
        Proxy = RecordingProxy.Start(moto.Server.Endpoint);
    }

    public async Task DisposeAsync() => await Proxy.DisposeAsync();

    public void Dispose()
    {
        Env.Dispose();
        GC.SuppressFinalize(this);
    }
}
