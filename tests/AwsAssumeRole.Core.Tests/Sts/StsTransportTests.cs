using System.Net;
using System.Net.Sockets;
using System.Text;
using AwsAssumeRole.Core.Sts;

namespace AwsAssumeRole.Core.Tests.Sts;

public sealed class StsTransportTests : IAsyncDisposable
{
    // Real time: the handler's own timers run on it too. One second is the shortest --timeout.
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(1);
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly List<TcpClient> held = [];
    private bool answering;

    public StsTransportTests() => listener.Start();

    private Uri Endpoint => new($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        held.ForEach(client => client.Dispose());
        await Task.CompletedTask;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_new_run_gets_the_whole_timeout_again_after_one_that_spent_it(bool newRun)
    {
        // Arrange: a first run spends the whole budget on an endpoint that never answers.
        using var transport = new StsTransport(new StsTransportOptions { Timeout = Budget }, TimeProvider.System);
        var silent = transport.Client.GetAsync(Endpoint);
        held.Add(await listener.AcceptTcpClientAsync());
        var first = await Assert.ThrowsAsync<StsTransportException>(() => silent);
        Assert.Equal("TimedOut", first.ErrorCode);

        // Act: the endpoint is healthy again, and the next run asks.
        answering = true;
        var serving = ServeOneAsync();
        if (newRun)
        {
            transport.StartRun();
        }

        var second = Record.ExceptionAsync(async () =>
        {
            using var response = await transport.Client.GetAsync(Endpoint);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        });

        // Assert: only a new run has time left; within one run the budget stays spent.
        var failure = await second;
        if (newRun)
        {
            Assert.Null(failure);
            await serving;
        }
        else
        {
            Assert.Equal("TimedOut", Assert.IsType<StsTransportException>(failure).ErrorCode);
        }
    }

    private async Task ServeOneAsync()
    {
        using var client = await listener.AcceptTcpClientAsync();
        var stream = client.GetStream();
        var buffer = new byte[4096];
        var request = new StringBuilder();
        while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                return;
            }

            request.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        Assert.True(answering);
        await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"u8.ToArray());
    }
}
