using System.Globalization;

namespace AwsAssumeRole.Core.Text;

/// <summary>
/// Times as every consumer of the tool's output reads them: ISO 8601 in UTC, to the second, with a
/// <c>Z</c> (<c>2026-11-29T01:02:03Z</c>). An offset such as <c>+00:00</c> breaks the JavaScript SDK v3,
/// so there is one format, used for printed credentials, cache files and messages alike.
/// </summary>
public static class Iso8601
{
    private const string Pattern = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    /// <summary><paramref name="time"/> in UTC: <c>2026-11-29T01:02:03Z</c>.</summary>
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString(Pattern, CultureInfo.InvariantCulture);

    /// <summary>Reads exactly the form <see cref="Format"/> writes; null for anything else.</summary>
    public static DateTimeOffset? TryParse(string? text) =>
        DateTimeOffset.TryParseExact(text, Pattern, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : null;
}
