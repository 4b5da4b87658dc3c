using System.Diagnostics;
using System.Text;

namespace AwsAssumeRole.Tests.Infrastructure;

/// <summary>Runs a process with an exact environment, a timeout, and captured output.</summary>
public static class ProcessRunner
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string> environment,
        string? stdin = null,
        TimeSpan? timeout = null,
        string? workingDirectory = null)
    {
        using var process = Start(fileName, arguments, environment, workingDirectory);
        if (stdin is not null)
        {
            await process.Process.StandardInput.WriteAsync(stdin);
        }

        process.Process.StandardInput.Close();
        return await process.WaitAsync(timeout ?? DefaultTimeout);
    }

    /// <summary>Starts a process and leaves it running: for tests that signal it or watch it.</summary>
    public static RunningProcess Start(
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string> environment,
        string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Clear();
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        return new RunningProcess(Process.Start(info) ?? throw new InvalidOperationException("could not start " + fileName), fileName + " " + string.Join(' ', info.ArgumentList));
    }
}

/// <summary>A started process whose output is being collected; killed with its children if the test leaves it running.</summary>
public sealed class RunningProcess : IDisposable
{
    private readonly Stopwatch stopwatch = Stopwatch.StartNew();
    private readonly StringBuilder stdout = new();
    private readonly StringBuilder stderr = new();
    private readonly Task readers;
    private readonly string description;

    internal RunningProcess(Process process, string description)
    {
        Process = process;
        this.description = description;
        StdoutEnded = Pump(process.StandardOutput, stdout);
        readers = Task.WhenAll(StdoutEnded, Pump(process.StandardError, stderr));
    }

    /// <summary>Completes when the process's stdout reaches its end (closed by it, or by its exit).</summary>
    public Task StdoutEnded { get; }

    /// <summary>What stderr held so far.</summary>
    public string Stderr
    {
        get
        {
            lock (stderr)
            {
                return stderr.ToString();
            }
        }
    }

    public Process Process { get; }

    public int Id => Process.Id;

    /// <summary>What stdout held so far.</summary>
    public string Stdout
    {
        get
        {
            lock (stdout)
            {
                return stdout.ToString();
            }
        }
    }

    /// <summary>Waits until stdout holds <paramref name="text"/>; fails after <paramref name="timeout"/> or when the process ends first.</summary>
    public async Task WaitForStdoutAsync(string text, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (!Stdout.Contains(text, StringComparison.Ordinal))
        {
            if (Process.HasExited)
            {
                await readers;
                if (Stdout.Contains(text, StringComparison.Ordinal))
                {
                    return;
                }

                throw new InvalidOperationException($"{description} ended before printing '{text}':\n{await WaitAsync(timeout)}");
            }

            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"{description} did not print '{text}' within {timeout}; stdout so far:\n{Stdout}");
            }

            await Task.Delay(10);
        }
    }

    /// <summary>Waits for the process to end and returns what it left behind; kills it after <paramref name="timeout"/>.</summary>
    public async Task<ProcessResult> WaitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await Process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            Process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{description} did not finish within {timeout}");
        }

        await readers;
        string outText, errText;
        lock (stdout)
        {
            outText = stdout.ToString();
        }

        lock (stderr)
        {
            errText = stderr.ToString();
        }

        return new ProcessResult(Process.ExitCode, outText, errText, stopwatch.Elapsed);
    }

    public void Dispose()
    {
        try
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
        }

        Process.Dispose();
    }

    private static async Task Pump(StreamReader reader, StringBuilder into)
    {
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            lock (into)
            {
                into.Append(buffer, 0, read);
            }
        }
    }
}
