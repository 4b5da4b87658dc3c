namespace AwsAssumeRole.Tests.Infrastructure;

/// <summary>
/// A real pseudo-terminal: a private tmux server running bash, driven with send-keys and read with
/// capture-pane. Processes started in it have a controlling terminal (<c>/dev/tty</c>), as at a
/// user's prompt. Every wait has a deadline, so a test can't hang.
/// </summary>
public sealed class TerminalSession : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(20);
    private readonly string tmux;
    private readonly string socket = "aar-" + Guid.NewGuid().ToString("N")[..12];
    private readonly Dictionary<string, string> environment;

    private TerminalSession(string tmux, Dictionary<string, string> environment)
    {
        this.tmux = tmux;
        this.environment = environment;
    }

    /// <summary>Starts bash in a new tmux server with <paramref name="env"/>'s variables (plus TERM).</summary>
    public static Task<TerminalSession> StartAsync(TestEnvironment env) => StartAsync(env, env.Variables);

    /// <summary>Starts bash in a new tmux server with <paramref name="environment"/> (plus TERM); its files go in <paramref name="env"/>'s folder.</summary>
    public static async Task<TerminalSession> StartAsync(TestEnvironment env, IReadOnlyDictionary<string, string> environment)
    {
        var tmux = MotoServer.FindExecutable("tmux") ?? throw new InvalidOperationException("tmux not found on PATH");
        var variables = new Dictionary<string, string>(environment) { ["TERM"] = "xterm", ["TMUX_TMPDIR"] = env.Directory, ["PS1"] = "$ " };
        var session = new TerminalSession(tmux, variables);
        await session.TmuxAsync("-f", "/dev/null", "new-session", "-d", "-s", "t", "-x", "200", "-y", "50", "bash --noprofile --norc");
        return session;
    }

    /// <summary>Types <paramref name="text"/> literally, then Enter.</summary>
    public async Task TypeLineAsync(string text)
    {
        await TmuxAsync("send-keys", "-t", "t", "-l", text);
        await TmuxAsync("send-keys", "-t", "t", "Enter");
    }

    /// <summary>Types <paramref name="text"/> literally, without Enter.</summary>
    public Task TypeAsync(string text) => TmuxAsync("send-keys", "-t", "t", "-l", text);

    /// <summary>Presses a key by its tmux name (<c>C-c</c>).</summary>
    public Task PressAsync(string key) => TmuxAsync("send-keys", "-t", "t", key);

    /// <summary>What the terminal shows, scrollback included, wrapped lines joined, trailing spaces kept.</summary>
    public async Task<string> ScreenAsync() => await TmuxAsync("capture-pane", "-p", "-J", "-N", "-t", "t", "-S", "-200");

    /// <summary>Waits until the screen satisfies <paramref name="condition"/>; fails the test after 30 s.</summary>
    public async Task<string> WaitForScreenAsync(Func<string, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var screen = await ScreenAsync();
            if (condition(screen))
            {
                return screen;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the terminal never showed {what}; it shows:\n{screen}");
            await Task.Delay(50);
        }
    }

    /// <summary>Waits until <paramref name="path"/> exists and has content; fails the test after 30 s.</summary>
    public async Task<string> WaitForFileAsync(string path)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!File.Exists(path) || new FileInfo(path).Length == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{path} was never written; the terminal shows:\n{await ScreenAsync()}");
            await Task.Delay(50);
        }

        return await File.ReadAllTextAsync(path);
    }

    public async ValueTask DisposeAsync()
    {
        await ProcessRunner.RunAsync(tmux, ["-L", socket, "kill-server"], environment, timeout: CommandTimeout);
    }

    private async Task<string> TmuxAsync(params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync(tmux, ["-L", socket, .. arguments], environment, timeout: CommandTimeout);
        Assert.True(result.ExitCode == 0, $"tmux {string.Join(' ', arguments)} failed: {result}");
        return result.Stdout;
    }
}
