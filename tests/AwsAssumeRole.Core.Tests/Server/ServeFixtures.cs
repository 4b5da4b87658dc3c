using AwsAssumeRole.Core.Chain;
using AwsAssumeRole.Core.Roles;
using AwsAssumeRole.Core.Sts;

namespace AwsAssumeRole.Core.Tests.Server;

/// <summary>Chain results as serve holds them.</summary>
internal static class ServeFixtures
{
    public static readonly DateTimeOffset Start = new(2026, 11, 29, 0, 0, 0, TimeSpan.Zero);

    public static ChainResult Result(int number, DateTimeOffset expiration, int hopsAssumed = 2) =>
        new ChainResult(
            new AwsCredentials($"ASIASERVE{number}EXAMPLE", $"secret{number}/wJalrXUtnFEMI+K7MDENG", $"token{number}/IQoJb3JpZ2luX2VjEJr==", expiration),
            RoleArn.Parse("arn:aws:iam::987654321098:role/backup-role"),
            IdentityArn.TryParse("arn:aws:sts::987654321098:assumed-role/backup-role/alice"))
        { HopsAssumed = hopsAssumed };
}
