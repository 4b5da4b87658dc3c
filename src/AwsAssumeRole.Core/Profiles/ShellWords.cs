using System.Text;

namespace AwsAssumeRole.Core.Profiles;

/// <summary>
/// Python's <c>shlex.split</c> (POSIX mode, no comments), which botocore uses to read a config-file
/// header such as <c>[profile "my profile"]</c>: words split at spaces, tabs and line ends; single
/// quotes keep everything; double quotes keep everything but <c>\"</c> and <c>\\</c>; a backslash
/// outside quotes keeps the next character.
/// </summary>
public static class ShellWords
{
    /// <summary>The words of <paramref name="text"/>; null where shlex fails (an unclosed quote, a trailing backslash).</summary>
    public static IReadOnlyList<string>? Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }

                continue;
            }

            inWord = true;
            switch (c)
            {
                case '\\':
                    if (++i == text.Length)
                    {
                        return null;
                    }

                    word.Append(text[i]);
                    break;
                case '\'':
                    var close = text.IndexOf('\'', i + 1);
                    if (close < 0)
                    {
                        return null;
                    }

                    word.Append(text, i + 1, close - i - 1);
                    i = close;
                    break;
                case '"':
                    for (i++; ; i++)
                    {
                        if (i == text.Length)
                        {
                            return null;
                        }

                        if (text[i] == '"')
                        {
                            break;
                        }

                        if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\')
                        {
                            i++;
                        }

                        word.Append(text[i]);
                    }

                    break;
                default:
                    word.Append(c);
                    break;
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }
}
