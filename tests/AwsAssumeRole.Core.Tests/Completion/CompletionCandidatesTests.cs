using AwsAssumeRole.Core.Cache;
using AwsAssumeRole.Core.Chain;
using AwsAssumeRole.Core.Completion;
using AwsAssumeRole.Core.Sts;
using AwsAssumeRole.Core.Tests.Cache;
using AwsAssumeRole.Core.Tests.Profiles;

namespace AwsAssumeRole.Core.Tests.Completion;

public sealed class CompletionCandidatesTests
{
    private const string Config = """
        [profile admin]
        role_arn = arn:aws:iam::123456789012:role/ec2-admin
        source_profile = base

        [profile broken]
        role_arn = not-an-arn

        [profile deploy]
        role_arn = arn:aws:iam::444455556666:role/team/app/deployer
        """;

    [Fact]
    public void Roles_offer_each_role_arn_of_the_config_and_of_cached_chains_as_its_arn_and_its_bare_name()
    {
        // Arrange
        using var files = new TempProfiles(Config);
        using var cache = new TempFolder();
        WriteEntry(cache.Cache, new string('a', 64), "arn:aws:iam::123456789012:role/ec2-worker", "arn:aws:iam::987654321098:role/backup-role");
        WriteEntry(cache.Cache, new string('b', 64), "arn:aws:iam::123456789012:role/ec2-worker");

        // Act
        var all = CompletionCandidates.Roles(files.Files, cache.Cache, string.Empty);
        var ec2 = CompletionCandidates.Roles(files.Files, cache.Cache, "ec2-");
        var arns = CompletionCandidates.Roles(files.Files, cache.Cache, "arn:aws:iam::9");

        // Assert
        Assert.Equal(
            [
                "arn:aws:iam::123456789012:role/ec2-admin",
                "arn:aws:iam::123456789012:role/ec2-worker",
                "arn:aws:iam::444455556666:role/team/app/deployer",
                "arn:aws:iam::987654321098:role/backup-role",
                "backup-role",
                "ec2-admin",
                "ec2-worker",
                "team/app/deployer",
            ],
            all);
        Assert.Equal(["ec2-admin", "ec2-worker"], ec2);
        Assert.Equal(["arn:aws:iam::987654321098:role/backup-role"], arns);
    }

    [Fact]
    public void Roles_come_from_the_config_alone_when_there_is_no_cache_folder()
    {
        // Arrange
        using var files = new TempProfiles(Config);
        using var cache = new TempFolder();

        // Act
        var missingFolder = CompletionCandidates.Roles(files.Files, cache.Cache, "ec2");
        var noFolder = CompletionCandidates.Roles(files.Files, null, "ec2");

        // Assert
        Assert.Equal(["ec2-admin"], missingFolder);
        Assert.Equal(["ec2-admin"], noFolder);
    }

    [Fact]
    public void Roles_skip_cache_files_that_are_not_entries()
    {
        // Arrange
        using var files = new TempProfiles(string.Empty);
        using var cache = new TempFolder();
        Directory.CreateDirectory(cache.Cache);
        File.WriteAllText(Path.Combine(cache.Cache, new string('c', 64) + ".json"), "{ not json");

        // Act
        var roles = CompletionCandidates.Roles(files.Files, cache.Cache, string.Empty);

        // Assert
        Assert.Empty(roles);
    }

    [Fact]
    public void Profiles_offer_the_names_that_start_with_what_was_typed()
    {
        // Arrange
        using var files = new TempProfiles(Config, "[base]\n[default]\n");

        // Act
        var d = CompletionCandidates.Profiles(files.Files, "d");

        // Assert
        Assert.Equal(["default", "deploy"], d);
    }

    private static void WriteEntry(string folder, string key, params string[] roles)
    {
        var credentials = new AwsCredentials("ASIAEXAMPLE000000000", "secret/wJalrXUtnFEMI+K7MDENGbPxRfiCY", "token/IQoJb3JpZ2luX2Vj==", DateTimeOffset.UtcNow.AddHours(1));
        var hop = new CachedHop(roles, roles[^1].Replace(":iam::", ":sts::", StringComparison.Ordinal).Replace(":role/", ":assumed-role/", StringComparison.Ordinal) + "/alice", "alice", credentials);
        new CacheStore(folder, new SilentChainLog(), TimeProvider.System).Write(new CacheEntry(key, "****MPLE", hop));
    }
}
