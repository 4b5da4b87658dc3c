using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Profiles;
using AwsAssumeRole.Core.Sts;
using AwsAssumeRole.Core.Text;

namespace AwsAssumeRole.Core.Sources;

/// <summary>
/// Runs a profile's <c>credential_process</c> as the AWS CLI does: the line split into words as
/// Python's <c>shlex</c> splits it (no shell), stdin and the terminal left to the command, stdout
/// read as the <c>credential_process</c> JSON document (<c>Version</c> 1, <c>AccessKeyId</c>,
/// <c>SecretAccessKey</c>, optional <c>SessionToken</c> and <c>Expiration</c>). The recursion guard's
/// variables are added to the command's environment only. When the command fails, its own first
/// line on stderr says why; when that command is aws-assume-role, its error and hint are passed on
/// as they are (a <c>credential_process</c> loop reads as the loop, with its exit code).
/// </summary>
public static class CredentialProcess
{
    /// <summary>At most this much of the command's stdout or stderr is kept (a document is a few KB).</summary>
    public const int MaxOutputBytes = 64 * 1024;

    private const string OurErrorPrefix = "aws-assume-role: error: ";
    private const string OurHintPrefix = "hint: ";

    /// <summary>Runs <paramref name="command"/> and returns the credentials it printed.</summary>
    /// <param name="command">The <c>credential_process</c> line.</param>
    /// <param name="description">Where it comes from, for messages: <c>profile 'ops'</c>.</param>
    /// <param name="addedVariables">Variables the command gets on top of this process's environment.</param>
    public static AwsCredentials Run(string command, string description, IReadOnlyList<KeyValuePair<string, string>> addedVariables)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(addedVariables);
        var words = ShellWords.Split(command) is { Count: > 0 } split
            ? split
            : throw AssumeRoleException.BadInput($"the credential_process of {description} cannot be read: an unclosed quote, or nothing to run");
        var info = new ProcessStartInfo(words[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var word in words.Skip(1))
        {
            info.ArgumentList.Add(word);
        }

        foreach (var (name, value) in addedVariables)
        {
            info.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("not started");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw AssumeRoleException.BadInput(
                $"the credential_process of {description} cannot be run: {PrintableText.Escape(words[0])} was not found or is not executable",
                "check the credential_process line (it is run without a shell, as the AWS CLI runs it)");
        }

        using (process)
        {
            var stderr = Task.Run(() => ReadBounded(process.StandardError.BaseStream));
            var stdout = ReadBounded(process.StandardOutput.BaseStream);
            process.WaitForExit();
            var errors = stderr.GetAwaiter().GetResult();
            if (process.ExitCode != 0)
            {
                throw Failed(description, process.ExitCode, errors);
            }

            return Parse(stdout, description);
        }
    }

    /// <summary>The credentials in a <c>credential_process</c> document; a bad-output error otherwise.</summary>
    public static AwsCredentials Parse(string document, string description)
    {
        ArgumentNullException.ThrowIfNull(document);
        try
        {
            using var json = JsonDocument.Parse(document);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("Version", out var version) || version.ValueKind != JsonValueKind.Number || version.GetInt32() != 1)
            {
                throw NotADocument(description, "Version is not 1");
            }

            var accessKey = Text(root, "AccessKeyId") ?? throw NotADocument(description, "AccessKeyId is missing");
            var secret = Text(root, "SecretAccessKey") ?? throw NotADocument(description, "SecretAccessKey is missing");
            var expiration = Text(root, "Expiration") is { } text
                ? DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time) ? time : throw NotADocument(description, "Expiration is not an ISO 8601 time")
                : (DateTimeOffset?)null;
            return new AwsCredentials(accessKey, secret, Text(root, "SessionToken"), expiration);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            throw NotADocument(description, "it is not JSON");
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    private static AssumeRoleException NotADocument(string description, string why) => AssumeRoleException.AwsFailure(
        $"the credential_process of {description} did not print the credential_process JSON document: {why}",
        "it must print {\"Version\": 1, \"AccessKeyId\": ..., \"SecretAccessKey\": ..., \"SessionToken\": ..., \"Expiration\": ...} on stdout");

    private static AssumeRoleException Failed(string description, int exitCode, string errors)
    {
        var lines = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.FirstOrDefault(l => l.StartsWith(OurErrorPrefix, StringComparison.Ordinal)) is { } ours)
        {
            // aws-assume-role run as a credential_process (often: a loop): its own error is the one to read.
            var hint = lines.FirstOrDefault(l => l.StartsWith(OurHintPrefix, StringComparison.Ordinal));
            return new AssumeRoleException(
                exitCode == ExitCodes.BadInput ? ExitCodes.BadInput : ExitCodes.AwsFailure,
                PrintableText.OneLine(ours[OurErrorPrefix.Length..]),
                hint is null ? null : PrintableText.OneLine(hint[OurHintPrefix.Length..]));
        }

        var said = lines.Length == 0 ? string.Empty : ": " + PrintableText.OneLine(lines[0]);
        return AssumeRoleException.AwsFailure(
            string.Create(CultureInfo.InvariantCulture, $"the credential_process of {description} failed with exit code {exitCode}{said}"),
            "run the credential_process command yourself to see why");
    }

    private static string ReadBounded(Stream stream)
    {
        var buffer = new byte[MaxOutputBytes];
        var total = 0;
        int read;
        while ((read = stream.Read(buffer, total, buffer.Length - total)) > 0)
        {
            total += read;
            if (total == buffer.Length)
            {
                // Drain the rest so the command is never blocked on a full pipe.
                var sink = new byte[8192];
                while (stream.Read(sink, 0, sink.Length) > 0)
                {
                }

                break;
            }
        }

        return Encoding.UTF8.GetString(buffer, 0, total);
    }
}
