using System.Text;
using AwsAssumeRole.Cli;
using AwsAssumeRole.Core.Platform;
using AwsAssumeRole.Core.Sts;

namespace AwsAssumeRole.Tests.Infrastructure;

/// <summary>
/// The fast layer: the tool's real entry point (<see cref="App.RunAsync"/>) run inside the test
/// process, with its output in memory, an environment of its own and a scripted STS. No process
/// is started and no network is used; what needs the real binary, moto, shells or the aws CLI is
/// in the integration specs.
/// </summary>
public static class InProcessTool
{
    public static async Task<ProcessResult> RunAsync(IReadOnlyDictionary<string, string> environment, ScriptedSts sts, params string[] arguments)
    {
        using var stdout = new MemoryStream();
        using var stderr = new StringWriter();
        var exitCode = await App.RunAsync(arguments, new TestProcessEnvironment(environment), stdout, stderr, stdoutIsTerminal: false, CancellationToken.None, (_, _, _) => sts);
        return new ProcessResult(exitCode, Encoding.UTF8.GetString(stdout.ToArray()), stderr.ToString(), TimeSpan.Zero);
    }

    /// <summary>A process environment in a dictionary: the tool's changes (the recursion guard) stay in it.</summary>
    private sealed class TestProcessEnvironment(IReadOnlyDictionary<string, string> initial) : IProcessEnvironment
    {
        private readonly Dictionary<string, string> variables = new(initial, StringComparer.Ordinal);

        public string? Get(string name) => variables.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

        public IReadOnlyDictionary<string, string> All() => variables;

        public void Set(string name, string value) => variables[name] = value;
    }
}

/// <summary>
/// An STS for the fast layer: the caller is <see cref="CallerArn"/>, each AssumeRole issues
/// credentials named after its number, and every call is counted. Real STS behaviour is moto's job.
/// </summary>
public sealed class ScriptedSts : IStsGateway
{
    public string CallerArn { get; init; } = "arn:aws:iam::123456789012:user/alice";

    /// <summary>When set, every call fails with it.</summary>
    public StsException? Failure { get; init; }

    public int Calls { get; private set; }

    public List<AssumeRoleCall> AssumeRoles { get; } = [];

    public Task<CallerIdentity> GetCallerIdentityAsync(AwsCredentials credentials, CancellationToken cancellationToken)
    {
        Calls++;
        return Failure is { } failure
            ? Task.FromException<CallerIdentity>(failure)
            : Task.FromResult(new CallerIdentity("AIDAEXAMPLEALICE", CallerArn.Split(':')[4], CallerArn));
    }

    public Task<AssumedRole> AssumeRoleAsync(AwsCredentials credentials, AssumeRoleCall call, CancellationToken cancellationToken)
    {
        Calls++;
        AssumeRoles.Add(call);
        if (Failure is { } failure)
        {
            return Task.FromException<AssumedRole>(failure);
        }

        var n = AssumeRoles.Count;
        return Task.FromResult(new AssumedRole(
            new AwsCredentials($"ASIAHOP{n}EXAMPLE", $"secret{n}/abc+def=", $"token{n}/xyz+uvw==", new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero)),
            $"arn:{call.Role.Partition}:sts::{call.Role.AccountId}:assumed-role/{call.Role.Name}/{call.SessionName}"));
    }
}
