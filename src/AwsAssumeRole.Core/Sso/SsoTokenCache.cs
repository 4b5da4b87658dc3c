using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AwsAssumeRole.Core.Cache;
using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Platform;
using AwsAssumeRole.Core.Profiles;

namespace AwsAssumeRole.Core.Sso;

/// <summary>
/// The AWS CLI's SSO token cache, <c>~/.aws/sso/cache/SHA1.json</c>, where SHA1 is the hex SHA-1 of
/// the <c>[sso-session]</c>'s name (or, for a legacy profile, of its start URL), as botocore's
/// <c>SSOTokenLoader</c> names it. The folder is the user's and the AWS CLI's: it is read as it is,
/// made 0700 only when missing, and never changed otherwise. A file is written as the AWS CLI writes
/// it: a new 0600 file in the same folder (never through a symbolic link), flushed to disk, then
/// renamed over the old one, so that the CLI or another run sees the old token or the new one.
/// </summary>
public sealed class SsoTokenCache
{
    /// <summary>No token file is anywhere near this size; a bigger one is refused unread.</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>The cache folder of <paramref name="environment"/>'s home.</summary>
    public SsoTokenCache(IEnvironment environment)
        : this(ProfileFiles.Expand("~/.aws/sso/cache", environment ?? throw new ArgumentNullException(nameof(environment))))
    {
    }

    /// <summary>The cache in <paramref name="directory"/>.</summary>
    public SsoTokenCache(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = directory;
    }

    /// <summary>The folder.</summary>
    public string Directory { get; }

    /// <summary>The file name of <paramref name="session"/>'s token: the hex SHA-1 of its name or start URL, then <c>.json</c>.</summary>
    public static string FileName(SsoSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
#pragma warning disable CA5350 // The AWS CLI names the file so; SHA-1 is a name here, not a protection.
        return Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(session.TokenCacheName))) + ".json";
#pragma warning restore CA5350
    }

    /// <summary>The path of <paramref name="session"/>'s token file.</summary>
    public string PathOf(SsoSession session) => Path.Combine(Directory, FileName(session));

    /// <summary>
    /// The token of <paramref name="session"/>; null when there is no file. A file that cannot be
    /// read, or that is not a token (no <c>accessToken</c> or no readable <c>expiresAt</c>), is bad
    /// input naming the file (never its content).
    /// </summary>
    public SsoToken? Read(SsoSession session)
    {
        var path = PathOf(session);
        byte[] bytes;
        try
        {
            bytes = BoundedFile.ReadAllBytes(path, MaxBytes);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw AssumeRoleException.BadInput($"cannot read the SSO token cache file {path}: {(e is BoundedFileException bounded ? bounded.Reason : SystemErrors.Describe(e))}");
        }

        return Parse(bytes) ?? throw AssumeRoleException.BadInput($"the SSO token cache file {path} is not a token the AWS CLI wrote (no accessToken, or no expiresAt it can read)");
    }

    /// <summary>Writes <paramref name="token"/> as <paramref name="session"/>'s token file, atomically and 0600.</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public void Write(SsoSession session, SsoToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var bytes = Serialize(token);
        if (!System.IO.Directory.Exists(Directory))
        {
            if (OperatingSystem.IsWindows())
            {
                System.IO.Directory.CreateDirectory(Directory);
            }
            else
            {
                System.IO.Directory.CreateDirectory(Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        using var folder = OpenFolder();
        var name = FileName(session);
        var temporary = $"{name}.{Guid.NewGuid():N}.tmp";
        try
        {
            folder.WriteNew(temporary, bytes);
            folder.Replace(temporary, name);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            folder.TryRemove(temporary);
            throw e as IOException ?? new DescribedIOException($"permission denied in {Directory}", e);
        }
    }

    /// <summary>
    /// The file's JSON: the fields and order botocore's <c>SSOTokenProvider</c> writes after a
    /// refresh (<c>startUrl</c>, <c>region</c>, <c>accessToken</c>, <c>expiresAt</c>, <c>clientId</c>,
    /// <c>clientSecret</c>, <c>registrationExpiresAt</c>, <c>refreshToken</c>), each only when known.
    /// </summary>
    public static byte[] Serialize(SsoToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            WriteIfSet(writer, "startUrl", token.StartUrl);
            WriteIfSet(writer, "region", token.Region);
            writer.WriteString("accessToken", token.AccessToken);
            writer.WriteString("expiresAt", SsoToken.FormatTime(token.ExpiresAt));
            WriteIfSet(writer, "clientId", token.ClientId);
            WriteIfSet(writer, "clientSecret", token.ClientSecret);
            WriteIfSet(writer, "registrationExpiresAt", token.RegistrationExpiresAt);
            WriteIfSet(writer, "refreshToken", token.RefreshToken);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>The token in <paramref name="json"/>, or null when it is not one.</summary>
    public static SsoToken? Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 8 });
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || String(root, "accessToken") is not { } accessToken
                || SsoToken.ParseTime(String(root, "expiresAt")) is not { } expiresAt)
            {
                return null;
            }

            return new SsoToken(accessToken, expiresAt)
            {
                StartUrl = String(root, "startUrl"),
                Region = String(root, "region"),
                RefreshToken = String(root, "refreshToken"),
                ClientId = String(root, "clientId"),
                ClientSecret = String(root, "clientSecret"),
                RegistrationExpiresAt = String(root, "registrationExpiresAt"),
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    private static void WriteIfSet(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private CacheDirectory OpenFolder()
    {
        if (OperatingSystem.IsWindows())
        {
            return new CacheDirectory(Directory, null);
        }

        var handle = Syscalls.Own(Syscalls.Open(Directory, Syscalls.O_RDONLY | Syscalls.O_DIRECTORY | Syscalls.O_CLOEXEC));
        if (handle.IsInvalid)
        {
            var errno = Syscalls.LastError;
            handle.Dispose();
            throw Syscalls.Failure($"cannot open {Directory}", errno);
        }

        return new CacheDirectory(Directory, handle);
    }
}
