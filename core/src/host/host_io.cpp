// SPDX-License-Identifier: GPL-2.0-or-later
// Read helpers shared by every HostFile user: strict reads for metadata, zero-filled for data.
#include <cstring>

#include "diskscope/host_file.h"

namespace diskscope {

Status readExact(HostFile& file, uint64_t offset, std::span<uint8_t> out, const char* what)
{
    DS_ASSIGN_OR_RETURN(size_t n, file.readAt(offset, out));
    if (n != out.size())
        return makeError(ErrorCode::Corrupt,
                         std::string(what) + " at offset " + std::to_string(offset) +
                             " lies beyond the end of the file",
                         file.path());
    return okStatus();
}

Status readZeroFilled(HostFile& file, uint64_t offset, std::span<uint8_t> out)
{
    DS_ASSIGN_OR_RETURN(size_t n, file.readAt(offset, out));
    if (n < out.size())
        std::memset(out.data() + n, 0, out.size() - n);
    return okStatus();
}

}  // namespace diskscope
