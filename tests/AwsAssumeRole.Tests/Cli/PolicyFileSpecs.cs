using System.Runtime.Versioning;
using AwsAssumeRole.Tests.Infrastructure;

namespace AwsAssumeRole.Tests.Cli;

/// <summary>
/// <c>--policy FILE</c> reads only a regular file, without blocking and without limit: a device, a
/// FIFO with no writer, a folder, a huge or missing file are each exit 2 at once, in the tool's
/// words (no runtime resource key), before any call.
/// </summary>
[Trait("Layer", "Integration")]
[UnsupportedOSPlatform("windows")]
public sealed class PolicyFileSpecs : IDisposable
{
    private const string Role = "arn:aws:iam::123456789012:role/ec2-worker";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    // Nothing listens there: a test that got as far as a call would fail differently.
    private readonly TestEnvironment env = new TestEnvironment().WithSourceKeys().With("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:9");

    public void Dispose() => env.Dispose();

    [Theory]
    [InlineData("/dev/zero", "it is not a regular file (a character device)")]
    [InlineData("/dev/urandom", "it is not a regular file (a character device)")]
    [InlineData("/", "it is not a regular file (a folder)")]
    public async Task A_policy_that_is_not_a_regular_file_is_refused_at_once(string path, string reason)
    {
        var result = await Tool.RunAsync(env, null, Patience, "--policy", path, Role);

        AssertRefused(result, $"aws-assume-role: error: invalid --policy '{path}': it is neither JSON (starting with '{{') nor a readable file: {reason}");
    }

    [Fact]
    public async Task A_FIFO_with_no_writer_does_not_hang()
    {
        var fifo = Path.Combine(env.Directory, "policy.fifo");
        var made = await ProcessRunner.RunAsync(MotoServer.FindExecutable("mkfifo") ?? "/usr/bin/mkfifo", [fifo], env.Variables);
        Assert.True(made.ExitCode == 0, made.ToString());

        var result = await Tool.RunAsync(env, null, Patience, "--policy", "file://" + fifo, Role);

        AssertRefused(result, $"aws-assume-role: error: invalid --policy 'file://{fifo}': it is neither JSON (starting with '{{') nor a readable file: it is not a regular file (a FIFO)");
    }

    [Fact]
    public async Task A_policy_file_larger_than_8_KiB_is_refused_without_reading_it_all()
    {
        var big = Path.Combine(env.Directory, "big.json");
        await File.WriteAllTextAsync(big, "{\"Sid\":\"" + new string('x', 100_000) + "\"}");

        var result = await Tool.RunAsync(env, null, Patience, "--policy", big, Role);

        AssertRefused(result, $"aws-assume-role: error: invalid --policy '{big}': it is neither JSON (starting with '{{') nor a readable file: the file is larger than 8192 bytes");
    }

    [Fact]
    public async Task A_missing_policy_file_says_so_in_words()
    {
        var missing = Path.Combine(env.Directory, "no-such-policy.json");

        var result = await Tool.RunAsync(env, null, Patience, "--policy", missing, Role);

        AssertRefused(result, $"aws-assume-role: error: invalid --policy '{missing}': it is neither JSON (starting with '{{') nor a readable file: no such file");
    }

    [Fact]
    public async Task An_unreadable_policy_file_says_permission_denied()
    {
        var locked = Path.Combine(env.Directory, "locked.json");
        await File.WriteAllTextAsync(locked, "{}");
        File.SetUnixFileMode(locked, UnixFileMode.None);

        // As root, drop the capabilities that bypass file modes, so mode 000 means unreadable.
        string[] unprivileged = Environment.UserName == "root"
            ? [MotoServer.FindExecutable("setpriv") ?? throw new InvalidOperationException("setpriv not found"), "--inh-caps=-all", "--bounding-set=-all"]
            : ["/usr/bin/env"];
        var result = await Tool.RunUnderAsync(env, unprivileged, "--policy", locked, Role);

        AssertRefused(result, $"aws-assume-role: error: invalid --policy '{locked}': it is neither JSON (starting with '{{') nor a readable file: permission denied");
    }

    private static void AssertRefused(ProcessResult result, string firstLine)
    {
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal(string.Empty, result.Stdout);
        Assert.Equal(firstLine, result.Stderr.Split('\n')[0]);
    }
}
