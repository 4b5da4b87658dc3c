using System.Buffers;
using System.Text.Unicode;
using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Roles;

namespace AwsAssumeRole.Core.Profiles;

/// <summary>One <c>[section]</c> of an INI file: its name as written between the brackets and its keys (lowercase).</summary>
/// <param name="Name">The text between <c>[</c> and the last <c>]</c> of its header, untrimmed.</param>
/// <param name="Line">The line of its header, for messages.</param>
/// <param name="Keys">Its keys, lowercased, and their values; <c>[DEFAULT]</c>'s keys included where the section has none of its own.</param>
public sealed record IniSection(string Name, int Line, IReadOnlyDictionary<string, string> Keys);

/// <summary>
/// Reads the AWS config and credentials files exactly as the AWS CLI does: botocore hands them to
/// Python's <c>configparser.RawConfigParser</c> with its defaults and then parses indented
/// sub-sections. So: <c>key = value</c> and <c>key: value</c> (split at the first <c>=</c> or
/// <c>:</c>); keys lowercased; full-line comments starting with <c>#</c> or <c>;</c> (after any
/// indentation), no inline comments (<c>region = eu-west-1 # x</c> is the value
/// <c>eu-west-1 # x</c>); a header is a line starting with <c>[</c>, its name running to the last
/// <c>]</c> (so <c>[profile c] # prod</c> is <c>profile c</c>, and <c>[ default ]</c> is
/// <c>" default "</c>); a line indented deeper than its key continues that key's value, and a
/// value that starts on the next line (<c>s3 =</c> then indented lines) must be <c>key = value</c>
/// lines; <c>[DEFAULT]</c> gives its keys to every section; CRLF and CR line ends are accepted.
/// Refused, as the AWS CLI refuses the whole file: a section or a key twice in the file or
/// section, a line before the first header, a line that is neither a header, a key, a comment nor a
/// continuation, text that is not UTF-8, and a byte order mark. Messages name the file and line
/// and never quote a value, which may be a secret.
/// </summary>
public static class IniFile
{
    private const string DefaultSection = "DEFAULT";

    /// <summary>The sections of the file at <paramref name="path"/>, or null when there is no such file.</summary>
    public static IReadOnlyList<IniSection>? Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            // A directory or nothing at that path: the AWS CLI takes it as no file.
            if (!File.Exists(path))
            {
                return null;
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw AssumeRoleException.BadInput($"cannot read {path}: {SystemErrors.Describe(e)}");
        }

        return Parse(bytes, path);
    }

    /// <summary>The sections of <paramref name="bytes"/>, the contents of the file <paramref name="path"/>.</summary>
    public static IReadOnlyList<IniSection> Parse(ReadOnlySpan<byte> bytes, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return new Parser(Decode(bytes, path), path).Run();
    }

    private static string Decode(ReadOnlySpan<byte> bytes, string path)
    {
        var chars = new char[bytes.Length];
        var status = Utf8.ToUtf16(bytes, chars, out var read, out var written, replaceInvalidSequences: false);
        if (status != OperationStatus.Done)
        {
            var line = 1 + bytes[..read].Count((byte)'\n');
            throw Refused(path, line, "it is not UTF-8 text");
        }

        return new string(chars, 0, written);
    }

    private static AssumeRoleException Refused(string path, int line, string problem) =>
        AssumeRoleException.BadInput($"cannot read {path}: line {line}: {problem} (the AWS CLI refuses such a file too)");

    /// <summary>Python's <c>str.isspace</c>, which is what <c>strip()</c> and the <c>\s</c> of configparser's patterns use.</summary>
    private static bool IsSpace(char c) => char.IsWhiteSpace(c) || c is >= '\x1c' and <= '\x1f';

    private static string Strip(string text)
    {
        var start = 0;
        var end = text.Length;
        while (start < end && IsSpace(text[start]))
        {
            start++;
        }

        while (end > start && IsSpace(text[end - 1]))
        {
            end--;
        }

        return text[start..end];
    }

    private static string RStrip(string text)
    {
        var end = text.Length;
        while (end > 0 && IsSpace(text[end - 1]))
        {
            end--;
        }

        return text[..end];
    }

    /// <summary>Python's universal newlines: <c>\r\n</c>, <c>\r</c> and <c>\n</c> all end a line.</summary>
    private static List<string> Lines(string text)
    {
        var lines = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is '\n' or '\r')
            {
                lines.Add(text[start..i]);
                if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                start = i + 1;
            }
        }

        if (start < text.Length)
        {
            lines.Add(text[start..]);
        }

        return lines;
    }

    /// <summary>A value as it is being read: its lines (first the one after the delimiter) and where each is.</summary>
    private sealed class Value(string first, int line)
    {
        public List<(string Text, int Line)> Parts { get; } = [(first, line)];

        public string Joined => RStrip(string.Join('\n', Parts.Select(p => p.Text)));
    }

    private sealed class Section(string name, int line)
    {
        public string Name { get; } = name;

        public int Line { get; } = line;

        public Dictionary<string, Value> Keys { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>configparser's <c>_read</c>, line for line, then botocore's <c>raw_config_parse</c>.</summary>
    private sealed class Parser(string text, string path)
    {
        private readonly List<Section> sections = [];
        private readonly Section defaults = new(DefaultSection, 0);
        private readonly Dictionary<string, int> sectionLines = new(StringComparer.Ordinal);
        private readonly Dictionary<(string Section, string Key), int> keyLines = [];
        private Section? current;
        private string? sectionName;
        private string? key;
        private int indent;

        // configparser reports a malformed line only once the whole file is read, unless a
        // duplicate or a line before any header stops it first.
        private AssumeRoleException? deferred;

        public IReadOnlyList<IniSection> Run()
        {
            var lines = Lines(text);
            for (var i = 0; i < lines.Count; i++)
            {
                ReadLine(lines[i], i + 1);
            }

            if (deferred is not null)
            {
                throw deferred;
            }

            return sections.Select(Finish).ToList();
        }

        private void ReadLine(string line, int number)
        {
            var stripped = Strip(line);
            var comment = stripped.StartsWith('#') || stripped.StartsWith(';');
            if (comment || stripped.Length == 0)
            {
                // An empty line inside a value is kept (and trimmed off its end later); a comment is not.
                if (!comment && current is not null && key is not null)
                {
                    current.Keys[key].Parts.Add((string.Empty, number));
                }

                return;
            }

            var lineIndent = 0;
            while (IsSpace(line[lineIndent]))
            {
                lineIndent++;
            }

            if (current is not null && key is not null && lineIndent > indent)
            {
                current.Keys[key].Parts.Add((stripped, number));
                return;
            }

            indent = lineIndent;
            var close = stripped.LastIndexOf(']');
            if (stripped[0] == '[' && close >= 2)
            {
                Header(stripped[1..close], number);
            }
            else if (current is null)
            {
                throw Refused(path, number, stripped[0] == '\uFEFF' && number == 1
                    ? "the file starts with a byte order mark (U+FEFF): save it as UTF-8 without one"
                    : "a line before the first [section] header");
            }
            else
            {
                Option(stripped, number);
            }
        }

        private void Header(string name, int number)
        {
            if (sectionLines.TryGetValue(name, out var first))
            {
                throw Refused(path, number, $"section [{RoleNames.Printable(name)}] appears a second time (first on line {first})");
            }

            sectionName = name;
            key = null;
            if (name == DefaultSection)
            {
                current = defaults;
                return;
            }

            current = new Section(name, number);
            sections.Add(current);
            sectionLines[name] = number;
        }

        private void Option(string stripped, int number)
        {
            var delimiter = stripped.IndexOfAny(['=', ':']);
            if (delimiter < 0)
            {
                deferred ??= Refused(path, number, "this line is neither a [section] header, key = value, a comment nor an indented continuation of the key above");
                return;
            }

            var name = RStrip(stripped[..delimiter]);
            if (name.Length == 0)
            {
                deferred ??= Refused(path, number, $"a '{stripped[delimiter]}' with no key before it");
            }

            name = name.ToLowerInvariant();
            if (keyLines.TryGetValue((sectionName!, name), out var first))
            {
                throw Refused(path, number, $"key '{RoleNames.Printable(name)}' appears a second time in [{RoleNames.Printable(sectionName!)}] (first on line {first})");
            }

            keyLines[(sectionName!, name)] = number;
            current!.Keys[name] = new Value(Strip(stripped[(delimiter + 1)..]), number);
            key = name;
        }

        // botocore's raw_config_parse: every section with [DEFAULT]'s keys under its own, and a
        // value that begins on the line after its key read as nested "key = value" lines.
        private IniSection Finish(Section section)
        {
            var keys = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, value) in section.Keys.Concat(defaults.Keys.Where(d => !section.Keys.ContainsKey(d.Key))))
            {
                var joined = value.Joined;
                if (joined.StartsWith('\n'))
                {
                    CheckNested(name, value);
                }

                keys[name] = joined;
            }

            return new IniSection(section.Name, section.Line, keys);
        }

        private void CheckNested(string name, Value value)
        {
            foreach (var (part, number) in value.Parts.Skip(1))
            {
                if (Strip(part).Length > 0 && !part.Contains('=', StringComparison.Ordinal))
                {
                    throw Refused(path, number, $"the indented lines under '{RoleNames.Printable(name)}' must each be key = value");
                }
            }
        }
    }
}
