using AwsAssumeRole.Core.Text;

namespace AwsAssumeRole.Core.Errors;

/// <summary>Shaping text from elsewhere (SDK, network) into the one-line messages users see.</summary>
public static class Messages
{
    /// <summary>
    /// <paramref name="message"/> as one printable line of at most <see cref="PrintableText.MaxLength"/>
    /// characters: lines joined, escape sequences and other control characters shown, not sent.
    /// </summary>
    public static string OneLine(string? message) => PrintableText.OneLine(message);
}
