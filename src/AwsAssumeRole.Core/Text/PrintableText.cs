using System.Globalization;
using System.Text;

namespace AwsAssumeRole.Core.Text;

/// <summary>
/// The one way text from outside (what the user typed, file contents, anything an endpoint, a
/// proxy or the SDK said) reaches a terminal: printable characters only, one line, cut to a length.
/// Control characters (C0, DEL, C1 such as the 8-bit CSI), format characters (bidirectional
/// overrides, zero-width characters), line and paragraph separators and lone surrogates are shown
/// as <c>\xNN</c>, <c>\uNNNN</c> or <c>\UNNNNNNNN</c>, so no escape sequence can move the cursor,
/// retitle the window, clear the screen or reorder what is shown.
/// </summary>
public static class PrintableText
{
    /// <summary>The most characters of one piece of outside text a message shows.</summary>
    public const int MaxLength = 500;

    private const string Cut = "...";

    /// <summary>
    /// <paramref name="text"/> with every non-printable character escaped (line breaks too), cut
    /// to at most <paramref name="maxLength"/> characters, <c>...</c> included.
    /// </summary>
    public static string Escape(string? text, int maxLength = MaxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, Cut.Length + 1);
        var source = text ?? string.Empty;
        var builder = new StringBuilder(Math.Min(source.Length, maxLength) + 8);
        var fitsWithCut = 0;
        var index = 0;
        while (index < source.Length)
        {
            // Whole pieces only, so an escape or a surrogate pair is never cut in two.
            builder.Append(NextPiece(source, ref index));
            if (builder.Length <= maxLength - Cut.Length)
            {
                fitsWithCut = builder.Length;
            }
            else if (builder.Length > maxLength)
            {
                return builder.ToString(0, fitsWithCut) + Cut;
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// <paramref name="text"/> as one line: its lines trimmed and joined with a space (blank ones
    /// dropped), then made printable and cut as <see cref="Escape"/> does.
    /// </summary>
    public static string OneLine(string? text, int maxLength = MaxLength)
    {
        var lines = (text ?? string.Empty).Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return Escape(string.Join(' ', lines), maxLength);
    }

    /// <summary>
    /// A URL as it may be printed: scheme, host, port and path only. Its user name and password (a
    /// proxy URL's user info is a secret), query and fragment are left out; the rest is made printable.
    /// </summary>
    public static string Url(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri)
        {
            return Escape(url.OriginalString);
        }

        // Built from parts: GetComponents throws on the URIs the AWS SDK makes (canonicalization off).
        var port = url.IsDefaultPort ? string.Empty : string.Create(CultureInfo.InvariantCulture, $":{url.Port}");
        return Escape($"{url.Scheme}://{url.Host}{port}{url.AbsolutePath}");
    }

    /// <summary>True when <paramref name="rune"/> can be shown as it is.</summary>
    public static bool IsPrintable(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate => false,
        _ => true,
    };

    // The next character (a whole surrogate pair counts as one) as it is shown.
    private static string NextPiece(string source, ref int index)
    {
        if (Rune.DecodeFromUtf16(source.AsSpan(index), out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
        {
            var lone = source[index];
            index++;
            return string.Create(CultureInfo.InvariantCulture, $"\\u{(int)lone:x4}");
        }

        index += consumed;
        if (IsPrintable(rune))
        {
            return rune.ToString();
        }

        return rune.Value switch
        {
            <= 0xff => string.Create(CultureInfo.InvariantCulture, $"\\x{rune.Value:x2}"),
            <= 0xffff => string.Create(CultureInfo.InvariantCulture, $"\\u{rune.Value:x4}"),
            _ => string.Create(CultureInfo.InvariantCulture, $"\\U{rune.Value:x8}"),
        };
    }
}
