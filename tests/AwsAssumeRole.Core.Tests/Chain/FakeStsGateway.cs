using AwsAssumeRole.Core.Sts;

namespace AwsAssumeRole.Core.Tests.Chain;

/// <summary>
/// A scripted STS for the chain's pure logic: records every call, issues distinctive credentials
/// for each AssumeRole (expiring <c>DurationSeconds</c> after the fake clock's now), and fails the
/// calls it is told to. Anything that needs real STS behaviour belongs in the moto tests.
/// </summary>
internal sealed class FakeStsGateway(TimeProvider time) : IStsGateway
{
    private readonly Dictionary<int, StsException> assumeRoleFailures = [];
    private readonly Dictionary<int, string> assumedRoleArns = [];

    /// <summary>What GetCallerIdentity answers for the source credentials.</summary>
    public string CallerArn { get; init; } = "arn:aws:iam::111111111111:user/ops/bob";

    /// <summary>When set, GetCallerIdentity fails with it.</summary>
    public StsException? CallerIdentityFailure { get; init; }

    public List<AwsCredentials> CallerIdentityCalls { get; } = [];

    public List<(AwsCredentials Credentials, AssumeRoleCall Call)> AssumeRoleCalls { get; } = [];

    /// <summary>The credentials handed out, in order: <c>Issued[0]</c> came from AssumeRole call 1.</summary>
    public List<AwsCredentials> Issued { get; } = [];

    /// <summary>Makes AssumeRole call <paramref name="callNumber"/> (1-based) fail.</summary>
    public void FailAssumeRole(int callNumber, StsException error) => assumeRoleFailures[callNumber] = error;

    /// <summary>Makes AssumeRole call <paramref name="callNumber"/> report this AssumedRoleUser ARN.</summary>
    public void ReturnAssumedRoleArn(int callNumber, string arn) => assumedRoleArns[callNumber] = arn;

    public Task<CallerIdentity> GetCallerIdentityAsync(AwsCredentials credentials, CancellationToken cancellationToken)
    {
        CallerIdentityCalls.Add(credentials);
        if (CallerIdentityFailure is not null)
        {
            return Task.FromException<CallerIdentity>(CallerIdentityFailure);
        }

        var parts = CallerArn.Split(':');
        var account = parts.Length > 4 ? parts[4] : string.Empty;
        return Task.FromResult(new CallerIdentity("AIDAEXAMPLEUSERID0001", account, CallerArn));
    }

    public Task<AssumedRole> AssumeRoleAsync(AwsCredentials credentials, AssumeRoleCall call, CancellationToken cancellationToken)
    {
        AssumeRoleCalls.Add((credentials, call));
        var number = AssumeRoleCalls.Count;
        if (assumeRoleFailures.TryGetValue(number, out var error))
        {
            return Task.FromException<AssumedRole>(error);
        }

        // arn:PARTITION:iam::ACCOUNT:role/PATH/NAME -> arn:PARTITION:sts::ACCOUNT:assumed-role/NAME/SESSION
        var assumedRoleArn = assumedRoleArns.TryGetValue(number, out var scripted)
            ? scripted
            : $"arn:{call.Role.Partition}:sts::{call.Role.AccountId}:assumed-role/{call.Role.Name}/{call.SessionName}";

        var issued = new AwsCredentials(
            $"ASIAHOP{number}EXAMPLE00000",
            $"hop{number}-secret/wJalrXUtnFEMI+K7MDENGbPxRfiCY",
            $"hop{number}-token/IQoJb3JpZ2luX2VjEJr//////////wEaCXVz+ZWFzdC0x==",
            time.GetUtcNow().AddSeconds(call.DurationSeconds));
        Issued.Add(issued);
        return Task.FromResult(new AssumedRole(issued, assumedRoleArn));
    }
}
