using AwsAssumeRole.Core.Text;

namespace AwsAssumeRole.Core.Output;

/// <summary>
/// <c>--format json</c>: the document <c>credential_process</c> expects — <c>Version</c> 1 as a number,
/// <c>AccessKeyId</c>, <c>SecretAccessKey</c>, <c>SessionToken</c>, <c>Expiration</c> (ISO 8601 UTC).
/// </summary>
public sealed class CredentialProcessJsonFormatter : ICredentialFormatter
{
    /// <inheritdoc />
    public string Format(IssuedCredentials issued)
    {
        ArgumentNullException.ThrowIfNull(issued);
        var credentials = issued.Credentials;
        return JsonText.Write(
            writer =>
            {
                writer.WriteStartObject();
                writer.WriteNumber("Version", 1);
                writer.WriteString("AccessKeyId", credentials.AccessKeyId);
                writer.WriteString("SecretAccessKey", credentials.SecretAccessKey);
                if (credentials.SessionToken is { } token)
                {
                    writer.WriteString("SessionToken", token);
                }

                if (credentials.Expiration is { } expiration)
                {
                    writer.WriteString("Expiration", Iso8601.Format(expiration));
                }

                writer.WriteEndObject();
            },
            indentSize: 2);
    }
}
