namespace AwsAssumeRole.Tests.Infrastructure;

/// <summary>
/// The base of specs that run the binary against the shared moto: moto reset before each test, and a
/// clean <see cref="TestEnvironment"/> with source keys and <c>AWS_ENDPOINT_URL_STS</c> pointing at it.
/// </summary>
[Trait("Layer", "Integration")]
public abstract class MotoSpecs(MotoFixture moto) : IAsyncLifetime, IDisposable
{
    protected TestEnvironment Env { get; } = new();

    protected MotoServer Moto => moto.Server;

    public virtual async Task InitializeAsync()
    {
        await Moto.ResetAsync();
        Env.WithSourceKeys().With("AWS_ENDPOINT_URL_STS", Moto.Endpoint);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        Env.Dispose();
        GC.SuppressFinalize(this);
    }
}
