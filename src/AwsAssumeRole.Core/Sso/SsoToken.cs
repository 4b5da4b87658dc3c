using System.Globalization;

namespace AwsAssumeRole.Core.Sso;

/// <summary>
/// An IAM Identity Center access token as the AWS CLI keeps it in <c>~/.aws/sso/cache</c>, with the
/// client registration and refresh token that let it be renewed (present for an
/// <c>[sso-session]</c> login, absent for a legacy one). <see cref="ToString"/> shows no secret.
/// </summary>
/// <param name="AccessToken">The bearer token SSO <c>GetRoleCredentials</c> takes.</param>
/// <param name="ExpiresAt">When it expires.</param>
public sealed record SsoToken(string AccessToken, DateTimeOffset ExpiresAt)
{
    /// <summary>The file's <c>startUrl</c>.</summary>
    public string? StartUrl { get; init; }

    /// <summary>The file's <c>region</c>.</summary>
    public string? Region { get; init; }

    /// <summary>The OIDC refresh token, or null.</summary>
    public string? RefreshToken { get; init; }

    /// <summary>The registered client's ID, or null.</summary>
    public string? ClientId { get; init; }

    /// <summary>The registered client's secret, or null.</summary>
    public string? ClientSecret { get; init; }

    /// <summary>The registration's expiry as the file says it (written back unchanged), or null.</summary>
    public string? RegistrationExpiresAt { get; init; }

    /// <summary>True when the file holds all that a refresh needs and the registration has not expired at <paramref name="now"/>.</summary>
    public bool CanRefresh(DateTimeOffset now) =>
        RefreshToken is not null && ClientId is not null && ClientSecret is not null
        && ParseTime(RegistrationExpiresAt) is { } registrationExpiry && registrationExpiry > now;

    /// <summary>Why <see cref="CanRefresh"/> is false, for messages.</summary>
    public string WhyNoRefresh(DateTimeOffset now) =>
        RefreshToken is null ? "the cached token has no refresh token"
        : ClientId is null || ClientSecret is null || RegistrationExpiresAt is null ? "the cached token has no client registration"
        : ParseTime(RegistrationExpiresAt) is not { } expiry ? "the cached client registration's expiry cannot be read"
        : expiry <= now ? $"its client registration expired at {Text.Iso8601.Format(expiry)}"
        : "it can be refreshed";

    /// <summary>
    /// A time as the AWS CLI writes and reads them (<c>dateutil</c>): ISO 8601 with <c>Z</c>, an
    /// offset, or the <c>UTC</c> suffix older CLI v2 releases wrote (<c>2019-11-14T04:05:45UTC</c>);
    /// fractional seconds allowed. Null when it is none of these.
    /// </summary>
    public static DateTimeOffset? ParseTime(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var trimmed = text.Trim();
        if (trimmed.EndsWith("UTC", StringComparison.Ordinal))
        {
            trimmed = trimmed[..^3] + "Z";
        }

        return DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : null;
    }

    /// <summary>A time as the AWS CLI writes it: <c>2026-11-29T01:02:03Z</c>.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public override string ToString() => $"SsoToken {{ ExpiresAt = {FormatTime(ExpiresAt)}, Refreshable = {RefreshToken is not null} }}";
}
