using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Exec;

namespace AwsAssumeRole.Core.Tests.Exec;

public sealed class CommandSearchTests
{
    private const int ENOENT = 2, E2BIG = 7, ENOEXEC = 8, EACCES = 13;

    private static readonly HashSet<string> Files = ["/usr/bin/aws", "/bin/aws", "/opt/x/tool", "./local", "/home/u/script"];
    private static readonly HashSet<string> Directories = ["/tmp", "/usr/bin"];

    private static IReadOnlyList<string> Locate(string command, string? path) =>
        CommandSearch.Locate(command, path, Files.Contains, Directories.Contains);

    [Theory]
    [InlineData("aws", "/usr/bin:/bin", new[] { "/usr/bin/aws", "/bin/aws" })]
    [InlineData("aws", "/bin:/usr/bin", new[] { "/bin/aws", "/usr/bin/aws" })]
    [InlineData("aws", "/usr/bin/:/nowhere", new[] { "/usr/bin/aws" })]
    [InlineData("aws", null, new[] { "/bin/aws", "/usr/bin/aws" })]
    [InlineData("local", "/usr/bin::/bin", new[] { "./local" })]
    [InlineData("local", "/usr/bin:", new[] { "./local" })]
    [InlineData("/opt/x/tool", "/usr/bin", new[] { "/opt/x/tool" })]
    [InlineData("./local", "/usr/bin", new[] { "./local" })]
    public void Locate_lists_the_regular_files_a_command_names_in_PATH_order(string command, string? path, string[] expected)
    {
        // Act
        var candidates = Locate(command, path);

        // Assert
        Assert.Equal(expected, candidates);
    }

    [Theory]
    [InlineData("nope", "/usr/bin:/bin", ExitCodes.CommandNotFound, "command not found: nope (not found in PATH)")]
    [InlineData("local", "/usr/bin", ExitCodes.CommandNotFound, "command not found: local (not found in PATH)")]
    [InlineData("bin", "/usr", ExitCodes.CommandNotFound, "command not found: bin (not found in PATH)")]
    [InlineData("/opt/x/none", "/usr/bin", ExitCodes.CommandNotFound, "command not found: /opt/x/none (no such file)")]
    [InlineData("/tmp", "/usr/bin", ExitCodes.CommandCannotRun, "cannot run /tmp: it is a directory")]
    [InlineData("", "/usr/bin", ExitCodes.BadInput, "the command after '--' is empty")]
    [InlineData("bad\u001b[2Jname", "/usr/bin", ExitCodes.CommandNotFound, "command not found: bad\\x1b[2Jname (not found in PATH)")]
    public void Locate_fails_like_a_shell_when_there_is_nothing_to_run(string command, string? path, int exitCode, string message)
    {
        // Act
        var error = Assert.Throws<AssumeRoleException>(() => Locate(command, path));

        // Assert
        Assert.Equal(exitCode, error.ExitCode);
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData(new[] { EACCES, EACCES }, ExitCodes.CommandCannotRun, "cannot run /a: permission denied (is it executable?)", 2)]
    [InlineData(new[] { ENOENT, 0 }, ExitCodes.CommandCannotRun, "cannot run /a: its interpreter was not found (check the #! line)", 1)]
    [InlineData(new[] { EACCES, ENOEXEC }, ExitCodes.CommandCannotRun, "cannot run /b: it is not in an executable format (a script needs a #! line)", 2)]
    [InlineData(new[] { E2BIG, 0 }, ExitCodes.CommandCannotRun, "cannot run /a: errno 7", 1)]
    public void Start_goes_on_after_a_permission_error_only_and_reports_why_nothing_ran(int[] errnos, int exitCode, string message, int attempts)
    {
        // Arrange
        var tried = new List<string>();
        string[] candidates = ["/a", "/b"];

        // Act
        var error = CommandSearch.Start("cmd", candidates, candidate =>
        {
            tried.Add(candidate);
            return errnos[tried.Count - 1];
        }, errno => $"errno {errno}");

        // Assert
        Assert.Equal(exitCode, error.ExitCode);
        Assert.Equal(message, error.Message);
        Assert.Equal(candidates.Take(attempts), tried);
    }
}
