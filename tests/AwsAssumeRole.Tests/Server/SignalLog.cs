using System.Globalization;
using AwsAssumeRole.Tests.Infrastructure;

namespace AwsAssumeRole.Tests.Server;

/// <summary>
/// A command for <c>serve --</c> that writes down every signal it gets and who sent it (the sender's
/// pid from siginfo; 0 when the kernel sent it, as for a key typed at the terminal). It takes them
/// with sigtimedwait, so none is lost while it writes, exits 43 on SIGTERM, and gives up (exit 99)
/// after 60 s.
/// </summary>
internal sealed class SignalLog
{
    private const string Script = """
        import os, signal, sys, time
        signals = [getattr(signal, 'SIG' + name) for name in ['HUP', 'INT', 'QUIT', 'TERM', 'USR1', 'USR2', 'ALRM']]
        signal.pthread_sigmask(signal.SIG_BLOCK, signals)
        log = open(sys.argv[1], 'a', buffering=1)
        log.write('started %d %d %d\n' % (os.getppid(), os.getpgrp(), os.getpid()))
        deadline = time.monotonic() + 60
        while True:
            info = signal.sigtimedwait(signals, max(0, deadline - time.monotonic()))
            if info is None:
                sys.exit(99)
            log.write('%s %d\n' % (signal.Signals(info.si_signo).name[3:], info.si_pid))
            if info.si_signo == signal.SIGTERM:
                sys.exit(43)
        """;

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly string path;

    private SignalLog(string script, string path)
    {
        this.path = path;
        Command = [MotoServer.FindExecutable("python3") ?? throw new InvalidOperationException("python3 not found on PATH"), script, path];
    }

    /// <summary>The command line to give after <c>--</c>.</summary>
    public string[] Command { get; }

    public static async Task<SignalLog> CreateAsync(string directory)
    {
        var script = Path.Combine(directory, "signal-log.py");
        await File.WriteAllTextAsync(script, Script);
        return new SignalLog(script, Path.Combine(directory, "signals.log"));
    }

    /// <summary>Waits until the command is ready for signals: its parent, its process group, its pid.</summary>
    public async Task<(int Parent, int Group, int Pid)> WaitStartedAsync()
    {
        var line = await WaitForLineAsync("started ");
        var words = line.Split(' ').Skip(1).Select(word => int.Parse(word, CultureInfo.InvariantCulture)).ToArray();
        return (words[0], words[1], words[2]);
    }

    /// <summary>Waits until the command has got <paramref name="signal"/> (HUP, TERM, ...).</summary>
    public Task WaitForAsync(string signal) => WaitForLineAsync(signal + " ");

    /// <summary>The signals the command got so far, in order, with their senders.</summary>
    public IReadOnlyList<(string Signal, int Sender)> Received() =>
        Lines().Where(line => !line.StartsWith("started ", StringComparison.Ordinal))
            .Select(line => line.Split(' '))
            .Select(words => (words[0], int.Parse(words[1], CultureInfo.InvariantCulture)))
            .ToList();

    private string[] Lines() => File.Exists(path) ? File.ReadAllText(path).Split('\n', StringSplitOptions.RemoveEmptyEntries) : [];

    private async Task<string> WaitForLineAsync(string prefix)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            if (Lines().FirstOrDefault(line => line.StartsWith(prefix, StringComparison.Ordinal)) is { } line)
            {
                return line;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the command never logged '{prefix.Trim()}'; it logged:\n{string.Join('\n', Lines())}");
            await Task.Delay(50);
        }
    }
}
