using System.Globalization;
using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Roles;

namespace AwsAssumeRole.Core.Parameters;

/// <summary>Session durations: parsing <c>--duration</c> and STS's limits.</summary>
public static class Durations
{
    /// <summary>STS's shortest session: 15 minutes.</summary>
    public const int MinSeconds = 900;

    /// <summary>STS's longest session (a role's MaxSessionDuration at most): 12 hours.</summary>
    public const int MaxSeconds = 43200;

    /// <summary>The cap STS puts on a session assumed with temporary credentials (role chaining).</summary>
    public const int ChainedMaxSeconds = 3600;

    /// <summary>What is asked for when the user says nothing: one hour.</summary>
    public const int DefaultSeconds = 3600;

    /// <summary>
    /// Parses seconds (<c>3600</c>) or units (<c>45m</c>, <c>1h</c>, <c>1h30m</c>, <c>90s</c>) and checks
    /// STS's range, 900 to 43200 seconds.
    /// </summary>
    public static int Parse(string text, string option = "--duration")
    {
        ArgumentNullException.ThrowIfNull(text);
        var seconds = TryParseSeconds(text);
        if (seconds is null)
        {
            throw AssumeRoleException.BadInput(
                $"invalid {option} '{RoleNames.Printable(text)}': give seconds (3600) or a duration such as 45m, 1h, 12h");
        }

        if (seconds is < MinSeconds or > MaxSeconds)
        {
            throw AssumeRoleException.BadInput(
                $"invalid {option} '{RoleNames.Printable(text)}': it must be between {MinSeconds} seconds (15m) and {MaxSeconds} seconds (12h)");
        }

        return (int)seconds.Value;
    }

    /// <summary>Formats seconds the way people read them: <c>1h</c>, <c>45m</c>, <c>1h30m</c>, <c>3601s</c>.</summary>
    public static string Describe(int seconds)
    {
        if (seconds % 60 != 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{seconds}s");
        }

        var (hours, minutes) = (seconds / 3600, seconds % 3600 / 60);
        return (hours, minutes) switch
        {
            (0, _) => string.Create(CultureInfo.InvariantCulture, $"{minutes}m"),
            (_, 0) => string.Create(CultureInfo.InvariantCulture, $"{hours}h"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{hours}h{minutes}m"),
        };
    }

    /// <summary>Seconds (<c>3600</c>) or units (<c>45m</c>, <c>1h30m</c>) as a number of seconds, without a range check; null when malformed.</summary>
    public static long? TryParseSeconds(string text)
    {
        if (text.Length is 0 or > 20)
        {
            return null;
        }

        try
        {
            return ReadSeconds(text);
        }
        catch (OverflowException)
        {
            // Twenty digits overflow a long (and a product can wrap round into range): any such
            // number is simply too long a duration.
            return long.MaxValue;
        }
    }

    private static long? ReadSeconds(string text)
    {
        if (text.All(char.IsAsciiDigit))
        {
            return long.Parse(text, CultureInfo.InvariantCulture);
        }

        long total = 0;
        var lastUnit = int.MaxValue;
        var index = 0;
        while (index < text.Length)
        {
            var start = index;
            while (index < text.Length && char.IsAsciiDigit(text[index]))
            {
                index++;
            }

            if (index == start || index == text.Length)
            {
                return null;
            }

            var unit = text[index] switch { 'h' => 3600, 'm' => 60, 's' => 1, _ => 0 };
            if (unit == 0 || unit >= lastUnit)
            {
                return null;
            }

            total = checked(total + (long.Parse(text.AsSpan(start, index - start), CultureInfo.InvariantCulture) * unit));
            lastUnit = unit;
            index++;
        }

        return total;
    }
}
