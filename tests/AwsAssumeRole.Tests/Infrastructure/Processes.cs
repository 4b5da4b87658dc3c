using System.Globalization;
using System.Text;

namespace AwsAssumeRole.Tests.Infrastructure;

/// <summary>What /proc shows about the processes on this machine, and signals sent with the real kill(1).</summary>
public static class Processes
{
    public static async Task SignalAsync(int pid, string signal)
    {
        var kill = MotoServer.FindExecutable("kill") ?? throw new InvalidOperationException("kill not found on PATH");
        var result = await ProcessRunner.RunAsync(kill, ["-s", signal, pid.ToString(CultureInfo.InvariantCulture)], new Dictionary<string, string>(), timeout: TimeSpan.FromSeconds(10));
        Assert.True(result.ExitCode == 0, $"kill -s {signal} {pid}: {result}");
    }

    /// <summary>Sends <paramref name="signal"/> to every process of group <paramref name="group"/>, as <c>kill -- -PGID</c>.</summary>
    public static async Task SignalGroupAsync(int group, string signal)
    {
        var kill = MotoServer.FindExecutable("kill") ?? throw new InvalidOperationException("kill not found on PATH");
        var result = await ProcessRunner.RunAsync(kill, ["-s", signal, "--", "-" + group.ToString(CultureInfo.InvariantCulture)], new Dictionary<string, string>(), timeout: TimeSpan.FromSeconds(10));
        Assert.True(result.ExitCode == 0, $"kill -s {signal} -- -{group}: {result}");
    }

    /// <summary>The live processes whose environment holds <paramref name="variable"/> (NAME=VALUE).</summary>
    public static IReadOnlyList<int> WithEnvironmentVariable(string variable) =>
        All().Where(pid => Read(pid, "environ")?.Split('\0').Contains(variable) == true).ToList();

    /// <summary>Every live process's argument list, NUL-separated words joined by spaces.</summary>
    public static IReadOnlyDictionary<int, string> CommandLines() =>
        All().Select(pid => (pid, text: Read(pid, "cmdline"))).Where(p => p.text is not null)
            .ToDictionary(p => p.pid, p => p.text!.Replace('\0', ' '));

    private static IEnumerable<int> All() =>
        Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Select(name => int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
            .Where(pid => pid > 0);

    private static string? Read(int pid, string file)
    {
        try
        {
            return Encoding.UTF8.GetString(File.ReadAllBytes($"/proc/{pid}/{file}"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The process ended meanwhile, or is not ours to read.
            return null;
        }
    }
}
