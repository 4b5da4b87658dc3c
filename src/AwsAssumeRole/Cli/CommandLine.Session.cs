using System.CommandLine;
using AwsAssumeRole.Core.Chain;
using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Mfa;
using AwsAssumeRole.Core.Session;

namespace AwsAssumeRole.Cli;

/// <summary>The options that shape each <c>AssumeRole</c> call: MFA, source identity, tags, session policies.</summary>
internal sealed partial class CommandLine
{
    public Option<string> MfaSerial { get; } = new("--mfa-serial") { Description = "MFA device (ARN) for the first hop that needs MFA (default: the profile's mfa_serial).", HelpName = "ARN" };

    public Option<string> MfaCode { get; } = new("--mfa-code") { Description = "The 6-digit MFA code, or - to read it from stdin (default: ask on the terminal, never on stdout).", HelpName = "CODE" };

    public Option<string> SourceIdentity { get; } = new("--source-identity") { Description = "SourceIdentity sent on every hop (2-64 characters).", HelpName = "ID" };

    public Option<string[]> Tag { get; } = new("--tag") { Description = "Session tag on the first hop; repeatable, at most 50.", HelpName = "KEY=VALUE" };

    public Option<string[]> TransitiveTag { get; } = new("--transitive-tag") { Description = "Make the --tag with this key transitive (kept on every later hop); repeatable.", HelpName = "KEY" };

    public Option<string> Policy { get; } = new("--policy") { Description = "Inline session policy on the last hop: JSON, or a file holding it (at most 2048 characters).", HelpName = "FILE_OR_JSON" };

    public Option<string[]> PolicyArn { get; } = new("--policy-arn") { Description = "Managed session policy on the last hop; repeatable, at most 10.", HelpName = "ARN" };

    private Option[] SessionOptions => [MfaSerial, MfaCode, SourceIdentity, Tag, TransitiveTag, Policy, PolicyArn];

    /// <summary>
    /// Adds the validated session options to <paramref name="options"/>; the MFA code (from the
    /// command line or, for <c>--mfa-code -</c>, the first line of stdin) comes back separately.
    /// </summary>
    public ChainOptions ReadSessionOptions(ParseResult parsed, ChainOptions options, Func<string?> readStdinLine, Func<string, string> readFile, out string? mfaCode)
    {
        mfaCode = parsed.GetValue(MfaCode) switch
        {
            null => null,
            "-" => MfaCodes.ValidateCode(
                readStdinLine()?.Trim() ?? throw AssumeRoleException.BadInput("--mfa-code -: stdin is empty; pipe the 6-digit code in"),
                "MFA code read from stdin"),
            { } code => MfaCodes.ValidateCode(code),
        };
        return options with
        {
            MfaSerial = parsed.GetValue(MfaSerial) is { } serial ? MfaCodes.ValidateSerial(serial) : null,
            MfaCodeGiven = mfaCode is not null,
            SourceIdentity = parsed.GetValue(SourceIdentity) is { } identity ? SourceIdentities.Validate(identity) : null,
            Tags = SessionTags.Parse(parsed.GetValue(Tag) ?? [], parsed.GetValue(TransitiveTag) ?? []),
            Policy = parsed.GetValue(Policy) is { } policy ? SessionPolicies.LoadPolicy(policy, readFile) : null,
            PolicyArns = SessionPolicies.ValidatePolicyArns(parsed.GetValue(PolicyArn) ?? []),
        };
    }
}
