namespace AwsAssumeRole.Core.Errors;

/// <summary>Shaping text from elsewhere (SDK, network) into the one-line messages users see.</summary>
public static class Messages
{
    /// <summary>Joins the lines of <paramref name="message"/> into one, trimmed.</summary>
    public static string OneLine(string? message) =>
        string.Join(' ', (message ?? string.Empty).Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
