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

    private const string Elf = "\u007fELF\u0002\u0001\u0001";
    private const string MachO = "\u00cf\u00fa\u00ed\u00fe";

    private static FakeExecutableFiles Machine() => new FakeExecutableFiles()
        .File("/bin/sh", Elf)
        .File("/usr/bin/env", Elf)
        .File("/etc/passwd", "root:x:0:0", executable: false)
        .Directory("/tmp")
        .Directory("/bin")
        .Directory("/usr/bin");

    [Theory]
    [InlineData("elf", Elf)]
    [InlineData("mach-o", MachO)]
    [InlineData("script", "#!/bin/sh\necho hi\n")]
    [InlineData("spaces", "#! \t/bin/sh -eu\n")]
    [InlineData("env", "#!/usr/bin/env python3\n")]
    [InlineData("no newline", "#!/bin/sh")]
    [InlineData("long arguments", "#!/bin/sh -c '")]
    public void Check_returns_a_binary_or_a_script_whose_interpreter_runs(string name, string start)
    {
        // Arrange
        var files = Machine().File("/opt/" + name, start);

        // Act
        var file = CommandSearch.Check("/opt/" + name, "/usr/bin", files);

        // Assert
        Assert.Equal("/opt/" + name, file);
    }

    [Fact]
    public void Check_goes_past_a_file_this_user_may_not_execute_to_the_next_in_PATH_as_execvp_does()
    {
        // Arrange
        var files = Machine().File("/a/tool", Elf, executable: false).File("/b/tool", Elf);

        // Act
        var file = CommandSearch.Check("tool", "/a:/b", files);

        // Assert
        Assert.Equal("/b/tool", file);
        Assert.Equal(["/b/tool"], files.Read);
    }

    [Fact]
    public void Check_leaves_a_file_it_cannot_read_to_execve()
    {
        // Arrange: execute-only, as a binary may be.
        var files = Machine().File("/opt/tool", (byte[]?)null);

        // Act
        var file = CommandSearch.Check("/opt/tool", null, files);

        // Assert
        Assert.Equal("/opt/tool", file);
    }

    [Fact]
    public void Check_leaves_an_unknown_format_to_execve_when_binfmt_misc_may_run_it()
    {
        // Arrange
        var files = Machine().File("/opt/app.jar", "PK\u0003\u0004");
        files.RunsOtherFormats = true;

        // Act
        var file = CommandSearch.Check("/opt/app.jar", null, files);

        // Assert
        Assert.Equal("/opt/app.jar", file);
    }

    [Theory]
    [InlineData("echo hi\n", true, "cannot run /opt/x: it is not in an executable format (a script needs a #! line)")]
    [InlineData("", true, "cannot run /opt/x: it is not in an executable format (a script needs a #! line)")]
    [InlineData("\u007fEL", true, "cannot run /opt/x: it is not in an executable format (a script needs a #! line)")]
    [InlineData(Elf, false, "cannot run /opt/x: permission denied (is it executable?)")]
    [InlineData("#!/usr/local/bin/nope\n", true, "cannot run /opt/x: its interpreter /usr/local/bin/nope was not found (check the #! line)")]
    [InlineData("#!/bin/sh\r\necho hi\r\n", true, "cannot run /opt/x: its interpreter /bin/sh\\x0d was not found (check the #! line)")]
    [InlineData("#!/etc/passwd\n", true, "cannot run /opt/x: its interpreter /etc/passwd is not executable (check the #! line)")]
    [InlineData("#!/tmp -x\n", true, "cannot run /opt/x: its interpreter /tmp is a directory (check the #! line)")]
    [InlineData("#!\n/bin/sh\n", true, "cannot run /opt/x: its #! line names no interpreter")]
    [InlineData("#!   \n", true, "cannot run /opt/x: its #! line names no interpreter")]
    public void Check_refuses_with_126_what_the_kernel_would_not_run(string start, bool executable, string message)
    {
        // Arrange
        var files = Machine().File("/opt/x", start, executable);

        // Act
        var error = Assert.Throws<AssumeRoleException>(() => CommandSearch.Check("/opt/x", "/usr/bin", files));

        // Assert
        Assert.Equal(ExitCodes.CommandCannotRun, error.ExitCode);
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData(253, "cannot run /opt/x: its #! line is too long")]
    [InlineData(200, null)]
    public void Check_refuses_an_interpreter_name_longer_than_the_kernel_reads(int length, string? message)
    {
        // Arrange: "#!/" and a name, with no end within the 256 bytes Linux reads.
        var interpreter = "/" + new string('i', length);
        var files = Machine().File("/opt/x", "#!" + interpreter + (length < 250 ? "\n" : string.Empty)).File(interpreter, Elf);

        // Act
        var error = Record.Exception(() => CommandSearch.Check("/opt/x", null, files));

        // Assert
        Assert.Equal(message, error?.Message);
    }

    [Theory]
    [InlineData("/opt/x", "cannot run /opt/x: permission denied (is it executable?)")]
    [InlineData("x", "cannot run /a/x: permission denied (is it executable?)")]
    [InlineData("y", "command not found: y (not found in PATH)")]
    public void Check_names_the_first_file_when_none_may_be_executed(string command, string message)
    {
        // Arrange
        var files = Machine().File("/opt/x", Elf, executable: false).File("/a/x", Elf, executable: false).File("/b/x", Elf, executable: false);

        // Act
        var error = Assert.Throws<AssumeRoleException>(() => CommandSearch.Check(command, "/a:/b", files));

        // Assert
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
