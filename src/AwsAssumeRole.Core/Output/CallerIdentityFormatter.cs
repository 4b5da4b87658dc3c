using AwsAssumeRole.Core.Sts;

namespace AwsAssumeRole.Core.Output;

/// <summary>
/// <c>whoami</c>: the <c>GetCallerIdentity</c> document exactly as <c>aws sts get-caller-identity</c>
/// prints it (four-space indent, <c>UserId</c>, <c>Account</c>, <c>Arn</c>).
/// </summary>
public static class CallerIdentityFormatter
{
    /// <summary>The document text with a final LF.</summary>
    public static string Format(CallerIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return JsonText.Write(
            writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("UserId", identity.UserId);
                writer.WriteString("Account", identity.Account);
                writer.WriteString("Arn", identity.Arn);
                writer.WriteEndObject();
            },
            indentSize: 4);
    }
}
