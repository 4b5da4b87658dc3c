using AwsAssumeRole.Tests.Infrastructure;

namespace AwsAssumeRole.Tests.Server;

/// <summary>The real clients of the endpoint: a Python with boto3, Node with the AWS SDK for JavaScript v3.</summary>
internal static class Consumers
{
    /// <summary>The Python that has boto3: moto's own (.tools/python when scripts/ensure-tools made it), else python3 on PATH.</summary>
    public static string PythonWithBoto3 { get; } = FindPython();

    /// <summary>Where scripts/ensure-tools installed the JavaScript SDK packages.</summary>
    public static string NodeModules { get; } = Path.Combine(RepoPaths.Root, ".tools", "node", "node_modules");

    public static string Node { get; } = MotoServer.FindExecutable("node") ?? throw new InvalidOperationException("node not found on PATH: run scripts/ensure-tools");

    private static string FindPython()
    {
        foreach (var candidate in new[] { Path.Combine(RepoPaths.Root, ".tools", "python", "bin", "python"), MotoServer.FindExecutable("python3") })
        {
            if (candidate is not null && File.Exists(candidate)
                && ProcessRunner.RunAsync(candidate, ["-c", "import boto3"], new Dictionary<string, string> { ["PATH"] = RepoPaths.SearchPath }).GetAwaiter().GetResult().ExitCode == 0)
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("no python with boto3 (moto's dependency) found: run scripts/ensure-tools");
    }
}
