namespace AwsAssumeRole.Tests.Infrastructure;

/// <summary>
/// A clean environment for a process under test: no ambient AWS_* variable, a throw-away HOME and
/// AWS_CONFIG_FILE, a credentials file that does not exist, and no instance metadata lookups.
/// A developer's ~/.aws never leaks in.
/// </summary>
public sealed class TestEnvironment : IDisposable
{
    public TestEnvironment()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("aar-test-").FullName;
        ConfigFile = Path.Combine(Directory, "config");
        File.WriteAllText(ConfigFile, string.Empty);
        Variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = RepoPaths.SearchPath,
            ["HOME"] = Directory,
            ["LANG"] = "C.UTF-8",
            ["AWS_CONFIG_FILE"] = ConfigFile,
            ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(Directory, "no-such-credentials-file"),
            ["AWS_EC2_METADATA_DISABLED"] = "true",
            ["AWS_ASSUME_ROLE_CACHE_DIR"] = Path.Combine(Directory, "cache"),
        };
        foreach (var name in new[] { "PYENV_ROOT", "PYENV_VERSION", "PYTHONPATH", "DOTNET_ROOT", "TMPDIR" })
        {
            if (Environment.GetEnvironmentVariable(name) is { Length: > 0 } value)
            {
                Variables[name] = value;
            }
        }
    }

    public string Directory { get; }

    public string ConfigFile { get; }

    public Dictionary<string, string> Variables { get; }

    /// <summary>The credentials cache folder of the processes run in this environment (not created).</summary>
    public string CacheDirectory => Variables["AWS_ASSUME_ROLE_CACHE_DIR"];

    public TestEnvironment With(string name, string value)
    {
        Variables[name] = value;
        return this;
    }

    /// <summary>Writes the throw-away config file (AWS_CONFIG_FILE).</summary>
    public TestEnvironment WithConfig(string text)
    {
        File.WriteAllText(ConfigFile, text);
        return this;
    }

    /// <summary>Writes a throw-away shared credentials file and points AWS_SHARED_CREDENTIALS_FILE at it.</summary>
    public TestEnvironment WithCredentialsFile(string text)
    {
        var path = Path.Combine(Directory, "credentials");
        File.WriteAllText(path, text);
        return With("AWS_SHARED_CREDENTIALS_FILE", path);
    }

    /// <summary>The example keys of <see cref="WithSourceKeys"/> as the lines of a profile.</summary>
    public const string ProfileKeys = """
        aws_access_key_id = AKIAIOSFODNN7EXAMPLE
        aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
        """;

    public TestEnvironment WithSourceKeys(string accessKeyId = "AKIAIOSFODNN7EXAMPLE", string secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", string? sessionToken = null)
    {
        Variables["AWS_ACCESS_KEY_ID"] = accessKeyId;
        Variables["AWS_SECRET_ACCESS_KEY"] = secret;
        if (sessionToken is not null)
        {
            Variables["AWS_SESSION_TOKEN"] = sessionToken;
        }

        return this;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
