using System.Runtime.InteropServices;

namespace AwsAssumeRole.Streams;

/// <summary>
/// One of the standard descriptors, written with plain <c>write(2)</c> and read with <c>read(2)</c>.
/// Not a <see cref="FileStream"/>: that writes with <c>pwrite</c> at the position it read when it
/// was made and never moves the descriptor's offset, which the shell shares with the commands before
/// and after this one (<c>{ echo a; tool; echo b; } &gt; file</c> would lose lines). No buffering, no
/// terminal set-up; a non-blocking descriptor (set so by another program sharing it) is waited on.
/// A <paramref name="bestEffort"/> stream drops what it cannot write instead of throwing.
/// </summary>
internal sealed unsafe class DescriptorStream(int descriptor, string name, bool bestEffort = false) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <summary>Writes every byte, however many calls it takes; throws <see cref="StandardStreamException"/> unless best effort.</summary>
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        fixed (byte* start = buffer)
        {
            var written = 0;
            while (written < buffer.Length)
            {
                var result = Libc.Write(descriptor, start + written, (nuint)(buffer.Length - written));
                if (result >= 0)
                {
                    written += (int)result;
                    continue;
                }

                var errno = Marshal.GetLastPInvokeError();
                if (!CanRetry(errno, Libc.POLLOUT))
                {
                    if (bestEffort)
                    {
                        return;
                    }

                    throw new StandardStreamException(name, "write to", errno);
                }
            }
        }
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        // A terminal, pipe or file write: done at once or blocked in the kernel either way, so do it here.
        try
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }
        catch (StandardStreamException e)
        {
            return ValueTask.FromException(e);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <summary>One <c>read(2)</c>: 0 at the end of the input; throws <see cref="StandardStreamException"/>.</summary>
    public override int Read(Span<byte> buffer)
    {
        fixed (byte* start = buffer)
        {
            while (true)
            {
                var result = Libc.Read(descriptor, start, (nuint)buffer.Length);
                if (result >= 0)
                {
                    return (int)result;
                }

                var errno = Marshal.GetLastPInvokeError();
                if (!CanRetry(errno, Libc.POLLIN))
                {
                    throw new StandardStreamException(name, "read", errno);
                }
            }
        }
    }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>True when the failed call is worth making again: it was interrupted, or the descriptor is ready now.</summary>
    private bool CanRetry(int errno, short events)
    {
        if (errno == Libc.EAGAIN)
        {
            var poll = new Libc.PollDescriptor { Descriptor = descriptor, Events = events };
            // Whatever poll says (ready, hung up, error), the next call reports it.
            _ = Libc.Poll(&poll, 1, -1);
            return true;
        }

        return errno == Libc.EINTR;
    }
}
