namespace AwsAssumeRole.Core.Sts;

/// <summary>The two STS calls the chain makes. Failures surface as <see cref="StsException"/>.</summary>
public interface IStsGateway
{
    /// <summary>Who these credentials belong to.</summary>
    Task<CallerIdentity> GetCallerIdentityAsync(AwsCredentials credentials, CancellationToken cancellationToken);

    /// <summary>Assumes a role with these credentials.</summary>
    Task<AssumedRole> AssumeRoleAsync(AwsCredentials credentials, AssumeRoleCall call, CancellationToken cancellationToken);
}
