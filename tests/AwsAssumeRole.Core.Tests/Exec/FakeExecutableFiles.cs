using System.Text;
using AwsAssumeRole.Core.Exec;

namespace AwsAssumeRole.Core.Tests.Exec;

/// <summary>A file system in memory: files with their first bytes (one byte a character) and whether they may be executed.</summary>
internal sealed class FakeExecutableFiles : IExecutableFiles
{
    private readonly Dictionary<string, (byte[]? Start, bool Executable)> files = new(StringComparer.Ordinal);
    private readonly HashSet<string> directories = new(StringComparer.Ordinal);

    public bool RunsOtherFormats { get; set; }

    public List<string> Read { get; } = [];

    public FakeExecutableFiles File(string path, string start, bool executable = true) => File(path, Encoding.Latin1.GetBytes(start), executable);

    /// <summary>A file; a null <paramref name="start"/> is one that cannot be read.</summary>
    public FakeExecutableFiles File(string path, byte[]? start, bool executable = true)
    {
        files[path] = (start, executable);
        return this;
    }

    public FakeExecutableFiles Directory(string path)
    {
        directories.Add(path);
        return this;
    }

    public bool IsFile(string path) => files.ContainsKey(path);

    public bool IsDirectory(string path) => directories.Contains(path);

    public bool MayExecute(string path) => files.TryGetValue(path, out var file) ? file.Executable : directories.Contains(path);

    public byte[]? ReadStart(string path, int count)
    {
        Read.Add(path);
        return files[path].Start is { } start ? start[..Math.Min(count, start.Length)] : null;
    }
}
