using AwsAssumeRole.Core.Output;
using AwsAssumeRole.Core.Sts;

namespace AwsAssumeRole.Core.Tests.Output;

/// <summary>Credentials shaped as STS issues them, for the formatter tests.</summary>
internal static class FormatterSamples
{
    public const string KeyId = "ASIAIOSFODNN7EXAMPLE";
    public const string Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    public const string Token = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+abc=";

    public static IssuedCredentials Issued(string? region = "eu-west-1") =>
        new(new AwsCredentials(KeyId, Secret, Token, new DateTimeOffset(2026, 11, 29, 1, 2, 3, TimeSpan.Zero)), region);
}
