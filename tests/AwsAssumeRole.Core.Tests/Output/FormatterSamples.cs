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

    /// <summary>Values no STS would issue, each trying to escape a quote or run a command.</summary>
    public static TheoryData<string> InjectionCorpus =>
    [
        "it's",
        "\"double\"",
        "$(touch canary)",
        "`touch canary`",
        "; touch canary",
        "a\nb",
        "a\rb",
        "esc\u001b[31m",
        "back\\slash",
        "\\'",
        "'; touch canary; echo '",
        "\u2018smart\u2019 \u201Aquotes\u201B",
        "$Env:HOME ${HOME} $HOME %PATH% ^& |",
        "(touch canary)",
        "",
    ];
}
