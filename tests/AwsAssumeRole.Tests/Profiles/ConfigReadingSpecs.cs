using System.Text;
using System.Text.Json;
using AwsAssumeRole.Tests.Infrastructure;

namespace AwsAssumeRole.Tests.Profiles;

/// <summary>
/// The same config and credentials files read by the tool and by the real aws CLI (v1, botocore):
/// which credentials each one chooses (<c>whoami</c> against <c>aws sts get-caller-identity</c>, on
/// moto, every identity a distinct assumed role) and which region (<c>AWS_REGION</c> in the tool's
/// output against <c>aws configure get region</c>) must be the same; where the CLI refuses a file,
/// the tool refuses it too (exit 2, naming the file and line).
/// </summary>
[Collection("moto")]
public sealed class ConfigReadingSpecs(MotoFixture moto) : MotoSpecs(moto)
{
    /// <summary>How the CLI and the tool both end.</summary>
    public enum Outcome
    {
        /// <summary>Both succeed with the same identity and region.</summary>
        Agree,

        /// <summary>The CLI cannot parse a file; the tool refuses it naming the line.</summary>
        Refused,

        /// <summary>Both say the profile does not exist.</summary>
        NotFound,

        /// <summary>Both find no credentials.</summary>
        NoCredentials,

        /// <summary>Both read the same bad region, which the CLI refuses to use and the tool refuses naming the profile.</summary>
        BadRegion,
    }

    /// <summary>One case: the files (identities written as {alpha}, {beta:} with colons, {GAMMA} with uppercase keys), variables, --profile, and how it ends.</summary>
    public sealed record Case(string Config, string Credentials = "", string[]? Variables = null, string? Profile = null, Outcome Outcome = Outcome.Agree, string? RefusedAt = null, bool Crlf = false);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["a comment after a section header"] = new("[profile c] # prod\n{alpha}\nregion = eu-west-2\n", Profile: "c"),
        ["key: value lines"] = new("[profile c]\n{alpha:}\nregion: eu-west-2\n", Profile: "c"),
        ["[profile default] after [default] is the default"] = new("[default]\n{alpha}\nregion = eu-west-1\n[profile default]\n{beta}\nregion = eu-west-2\n"),
        ["[default] after [profile default] is the default"] = new("[profile default]\n{beta}\nregion = eu-west-2\n[default]\n{alpha}\nregion = eu-west-1\n"),
        ["AWS_DEFAULT_PROFILE wins over AWS_PROFILE"] = new("[profile foo]\n{alpha}\nregion = eu-west-1\n[profile bar]\n{beta}\nregion = eu-west-2\n", Variables: ["AWS_DEFAULT_PROFILE=foo", "AWS_PROFILE=bar"]),
        ["AWS_PROFILE alone"] = new("[profile foo]\n{alpha}\nregion = eu-west-1\n[profile bar]\n{beta}\nregion = eu-west-2\n", Variables: ["AWS_PROFILE=bar"]),
        ["--profile wins over both variables"] = new("[profile foo]\n{alpha}\n[profile bar]\n{beta}\n[profile opt]\n{gamma}\nregion = eu-west-3\n", Variables: ["AWS_DEFAULT_PROFILE=foo", "AWS_PROFILE=bar"], Profile: "opt"),
        ["a key twice in one profile"] = new("[profile a]\n{alpha}\nregion = eu-west-1\nregion = eu-west-2\n", Profile: "a", Outcome: Outcome.Refused, RefusedAt: "config:6"),
        ["a key twice, differing in case"] = new("[default]\n{alpha}\nRegion = eu-west-1\nREGION = eu-west-2\n", Outcome: Outcome.Refused, RefusedAt: "config:6"),
        ["a section twice"] = new("[profile a]\n{alpha}\n[profile b]\n{beta}\n[profile a]\nregion = eu-west-1\n", Profile: "b", Outcome: Outcome.Refused, RefusedAt: "config:9"),
        ["a key twice in the credentials file"] = new(string.Empty, "[a]\n{alpha}\n{alpha}\n", Profile: "a", Outcome: Outcome.Refused, RefusedAt: "credentials:5"),
        ["~ in AWS_CONFIG_FILE with AWS_PROFILE"] = new("[profile t]\n{alpha}\nregion = eu-west-3\n", Variables: ["AWS_CONFIG_FILE=~/tilde/config", "AWS_PROFILE=t"]),
        ["~ in AWS_CONFIG_FILE for the default profile"] = new("[default]\n{beta}\nregion = eu-west-3\n", Variables: ["AWS_CONFIG_FILE=~/tilde/config"]),
        ["~ in AWS_SHARED_CREDENTIALS_FILE for the default profile"] = new(string.Empty, "[default]\n{alpha}\nregion = eu-north-1\n", Variables: ["AWS_SHARED_CREDENTIALS_FILE=~/tilde/credentials"]),
        ["~ in AWS_SHARED_CREDENTIALS_FILE with --profile"] = new(string.Empty, "[t]\n{gamma}\n", Variables: ["AWS_SHARED_CREDENTIALS_FILE=~/tilde/credentials"], Profile: "t"),
        ["$HOME in AWS_CONFIG_FILE"] = new("[default]\n{alpha}\nregion = eu-west-3\n", Variables: ["AWS_CONFIG_FILE=$HOME/tilde/config"]),
        ["indented sub-section lines"] = new("[profile s]\n{alpha}\ns3 =\n  addressing_style = path\n  signature_version = s3v4\nregion = eu-west-2\n", Profile: "s"),
        ["an indented line continues the key above"] = new("[profile s]\n{alpha}\ncli_pager = less\n  -R\nregion = eu-west-2\n", Profile: "s"),
        ["a sub-section line without ="] = new("[profile s]\n{alpha}\ns3 =\n  addressing_style: path\n", Profile: "s", Outcome: Outcome.Refused, RefusedAt: "config:6"),
        ["[ default ] is not the default profile"] = new("[ default ]\n{alpha}\nregion = eu-west-1\n", Outcome: Outcome.NoCredentials),
        ["[ default ] in the config file beside [default] in the credentials file"] = new("[ default ]\n{alpha}\nregion = eu-west-1\n", "[default]\n{beta}\n"),
        ["[profile x] in the credentials file is not profile x"] = new(string.Empty, "[profile x]\n{alpha}\n", Profile: "x", Outcome: Outcome.NotFound),
        ["[profile x] in the credentials file is profile 'profile x'"] = new(string.Empty, "[profile x]\n{alpha}\nregion = eu-west-2\n", Profile: "profile x"),
        ["CRLF line ends"] = new("[profile w]\n{alpha}\nregion = eu-west-2\n", "[w]\nduration_seconds = 900\n", Profile: "w", Crlf: true),
        ["a UTF-8 byte order mark"] = new("\uFEFF[default]\n{alpha}\nregion = eu-west-1\n", Outcome: Outcome.Refused, RefusedAt: "config:1"),
        ["# and ; comments, full-line and indented"] = new("# top\n; top\n[profile c]\n  # indented\n{alpha}\n; between\nregion = eu-west-2\n\t# tab\n", Profile: "c"),
        ["# after a value is part of the value, not a comment"] = new("[profile c]\n{alpha}\nteam = blue # the blue team\nregion = eu-west-2 ; ireland\n", Profile: "c", Outcome: Outcome.BadRegion),
        ["a profile only in the credentials file"] = new(string.Empty, "[only]\n{beta}\nregion = ap-south-1\n", Profile: "only"),
        ["a profile split across both files"] = new("[profile split]\nregion = eu-west-2\n", "[split]\n{alpha}\n", Profile: "split"),
        ["[x] and [profile x] in the config file"] = new("[x]\n{alpha}\nregion = eu-west-1\n[profile x]\n{beta}\nregion = eu-west-2\n", Profile: "x"),
        ["[x] alone in the config file is not a profile"] = new("[x]\n{alpha}\n", Profile: "x", Outcome: Outcome.NotFound),
        ["[DEFAULT] gives its keys to every profile"] = new("[DEFAULT]\nregion = eu-north-1\n[profile d]\n{alpha}\n", Profile: "d"),
        ["uppercase keys"] = new("[profile u]\n{GAMMA}\nREGION = eu-west-2\n", Profile: "u"),
        ["a quoted profile name"] = new("[profile \"my dev\"]\n{beta}\nregion = eu-west-2\n", Profile: "my dev"),
        ["keys in the credentials file win over keys in the config file"] = new("[profile both]\n{alpha}\n", "[both]\n{beta}\n", Profile: "both"),
    };

    public static TheoryData<string> Names => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task The_tool_reads_the_files_as_the_aws_CLI_does(string name)
    {
        var testCase = Cases[name];
        var identities = await MintIdentitiesAsync(testCase.Config + testCase.Credentials);
        Env.Variables.Remove("AWS_ACCESS_KEY_ID");
        Env.Variables.Remove("AWS_SECRET_ACCESS_KEY");
        Env.With("AWS_SHARED_CREDENTIALS_FILE", Path.Combine(Env.Directory, "credentials"));
        foreach (var variable in testCase.Variables ?? [])
        {
            var (key, value) = (variable.Split('=', 2)[0], variable.Split('=', 2)[1]);
            Env.With(key, value);
        }

        var configPath = Expand(Env.Variables["AWS_CONFIG_FILE"]);
        var credentialsPath = Expand(Env.Variables["AWS_SHARED_CREDENTIALS_FILE"]);
        Write(configPath, Fill(testCase.Config, identities), testCase.Crlf);
        Write(credentialsPath, Fill(testCase.Credentials, identities), testCase.Crlf);
        string[] profile = testCase.Profile is null ? [] : ["--profile", testCase.Profile];

        var theirRegion = await AwsCli.RunExactAsync(Env, ["configure", "get", "region", .. profile]);

        // The aws CLI refuses to run without a region; the tool does not need one. Give it one only
        // when the files have none, so that it reads (and checks) theirs.
        var theirs = theirRegion.ExitCode == 0
            ? await AwsCli.RunExactAsync(Env, [.. profile, "sts", "get-caller-identity"])
            : await AwsCli.RunAsync(Env, [.. profile, "sts", "get-caller-identity"]);
        var ours = await Tool.RunAsync(Env, [.. profile, "whoami"]);
        var ourRegion = await Tool.RunAsync(Env, [.. profile, "--no-cache", "arn:aws:iam::222222222222:role/probe"]);

        switch (testCase.Outcome)
        {
            case Outcome.Agree:
                Assert.True(theirs.ExitCode == 0, $"aws: {theirs}");
                Assert.True(ours.ExitCode == 0, $"ours: {ours}");
                Assert.Equal(Arn(theirs), Arn(ours));
                Assert.StartsWith("arn:aws:sts::111111111111:assumed-role/", Arn(ours), StringComparison.Ordinal);
                Assert.True(ourRegion.ExitCode == 0, $"ours: {ourRegion}");
                Assert.Equal(theirRegion.ExitCode == 0 ? theirRegion.Stdout.TrimEnd('\n') : null, ourRegion.EnvLines().GetValueOrDefault("AWS_REGION"));
                break;
            case Outcome.Refused:
                var (file, line) = (testCase.RefusedAt!.Split(':')[0], testCase.RefusedAt.Split(':')[1]);
                var path = file == "config" ? configPath : credentialsPath;
                Assert.True(theirs.ExitCode != 0 && theirs.Stderr.Contains($"Unable to parse config file: {path}", StringComparison.Ordinal), $"aws: {theirs}");
                Assert.True(ours.ExitCode == 2, $"ours: {ours}");
                Assert.StartsWith($"aws-assume-role: error: cannot read {path}: line {line}: ", ours.Stderr, StringComparison.Ordinal);
                Assert.Equal(string.Empty, ours.Stdout);
                Assert.Equal(1, ours.Stderr.Count(c => c == '\n'));
                Assert.DoesNotContain(identities.Values.First().Secret, ours.Stderr, StringComparison.Ordinal);
                break;
            case Outcome.NotFound:
                Assert.True(theirs.ExitCode != 0 && theirs.Stderr.Contains($"The config profile ({testCase.Profile}) could not be found", StringComparison.Ordinal), $"aws: {theirs}");
                Assert.True(ours.ExitCode == 2, $"ours: {ours}");
                Assert.Equal($"aws-assume-role: error: profile '{testCase.Profile}' not found in {configPath} or {credentialsPath}\n", ours.Stderr);
                break;
            case Outcome.BadRegion:
                var region = theirRegion.Stdout.TrimEnd('\n');
                Assert.True(theirRegion.ExitCode == 0 && region.Length > 0, $"aws configure get region: {theirRegion}");
                Assert.True(theirs.ExitCode != 0 && theirs.Stderr.Contains($"Provided region_name '{region}' doesn't match a supported format", StringComparison.Ordinal), $"aws: {theirs}");
                Assert.True(ours.ExitCode == 2, $"ours: {ours}");
                Assert.Equal($"aws-assume-role: error: profile '{testCase.Profile}' in {configPath}: invalid region '{region}': expected a region name such as eu-west-1\n", ours.Stderr);
                break;
            case Outcome.NoCredentials:
                Assert.True(theirs.ExitCode != 0 && theirs.Stderr.Contains("Unable to locate credentials", StringComparison.Ordinal), $"aws: {theirs}");
                Assert.True(ours.ExitCode == 1, $"ours: {ours}");
                Assert.StartsWith("aws-assume-role: error: no source credentials found; looked in ", ours.Stderr, StringComparison.Ordinal);
                break;
        }
    }

    private static string Arn(ProcessResult result) => JsonDocument.Parse(result.Stdout).RootElement.GetProperty("Arn").GetString()!;

    private string Expand(string path) =>
        path.Replace("$HOME", Env.Directory, StringComparison.Ordinal).Replace("~", Env.Directory, StringComparison.Ordinal);

    private static void Write(string path, string text, bool crlf)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, new UTF8Encoding(false).GetBytes(crlf ? text.Replace("\n", "\r\n", StringComparison.Ordinal) : text));
    }

    /// <summary>Temporary keys for an assumed role per identity named in <paramref name="text"/>: distinct identities at moto.</summary>
    private async Task<Dictionary<string, (string AccessKeyId, string Secret, string Token)>> MintIdentitiesAsync(string text)
    {
        var identities = new Dictionary<string, (string, string, string)>();
        foreach (var name in new[] { "alpha", "beta", "gamma" }.Where(n => text.Contains(n, StringComparison.OrdinalIgnoreCase)))
        {
            var result = await Tool.RunAsync(Env, "--no-cache", "--format", "json", $"arn:aws:iam::111111111111:role/{name}");
            Assert.True(result.ExitCode == 0, result.ToString());
            var document = JsonDocument.Parse(result.Stdout).RootElement;
            identities[name] = (document.GetProperty("AccessKeyId").GetString()!, document.GetProperty("SecretAccessKey").GetString()!, document.GetProperty("SessionToken").GetString()!);
        }

        return identities;
    }

    private static string Fill(string text, Dictionary<string, (string AccessKeyId, string Secret, string Token)> identities)
    {
        foreach (var (name, keys) in identities)
        {
            text = text
                .Replace($"{{{name}}}", $"aws_access_key_id = {keys.AccessKeyId}\naws_secret_access_key = {keys.Secret}\naws_session_token = {keys.Token}", StringComparison.Ordinal)
                .Replace($"{{{name}:}}", $"aws_access_key_id: {keys.AccessKeyId}\naws_secret_access_key:{keys.Secret}\naws_session_token :{keys.Token}", StringComparison.Ordinal)
                .Replace($"{{{name.ToUpperInvariant()}}}", $"AWS_ACCESS_KEY_ID = {keys.AccessKeyId}\nAWS_Secret_Access_Key = {keys.Secret}\nAws_Session_Token = {keys.Token}", StringComparison.Ordinal);
        }

        return text;
    }
}
