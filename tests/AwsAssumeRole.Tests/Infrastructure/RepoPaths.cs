namespace AwsAssumeRole.Tests.Infrastructure;

/// <summary>Where things are: the repository root and the binary under test.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>
    /// The executable under test: <c>AWS_ASSUME_ROLE_BIN</c> (scripts/test points it at the Native AOT
    /// binary in dist/), else the JIT apphost built next to this test assembly.
    /// </summary>
    public static string Binary { get; } =
        Environment.GetEnvironmentVariable("AWS_ASSUME_ROLE_BIN") is { Length: > 0 } bin
            ? Path.GetFullPath(bin, Root)
            : Path.Combine(AppContext.BaseDirectory, "aws-assume-role");

    /// <summary>
    /// Where the tests look for programs: <c>PATH</c>, then <c>.tools/python/bin</c>, where
    /// scripts/ensure-tools installs moto_server and the aws CLI when they are not on PATH.
    /// </summary>
    public static string SearchPath { get; } = WithPythonTools(Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin");

    private static string WithPythonTools(string path)
    {
        var tools = Path.Combine(Root, ".tools", "python", "bin");
        return path.Split(':').Contains(tools, StringComparer.Ordinal) ? path : path + ":" + tools;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AwsAssumeRole.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }
}
