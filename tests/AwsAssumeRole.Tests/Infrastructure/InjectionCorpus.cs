namespace AwsAssumeRole.Tests.Infrastructure;

/// <summary>
/// Values that try to break out of a quote or run a command in the shell that reads them: each
/// would create a file named <see cref="Canary"/> in the working directory if it ever ran.
/// </summary>
public static class InjectionCorpus
{
    public const string Canary = "canary";

    public static IReadOnlyList<string> Values { get; } =
    [
        "it's",
        "\"double\"",
        "$(touch canary)",
        "`touch canary`",
        "; touch canary",
        "'; touch canary; echo '",
        "\"; touch canary; echo \"",
        "a\ntouch canary",
        "a\rtouch canary",
        "esc\u001b[31mred\u001b]0;title\u0007",
        "back\\slash\\",
        "\\'; touch canary; echo \\'",
        "\u2018; touch canary; \u2019",
        "$Env:HOME ${HOME} $HOME %PATH% ^& | (touch canary) {touch canary}",
        "$(New-Item canary)",
        "'); New-Item canary; ('",
        "\u2019); New-Item canary; (\u2019",
    ];

    public static TheoryData<string> Theory => new(Values);
}
