// SPDX-License-Identifier: GPL-2.0-or-later
#include "fault_file.h"

namespace diskscope::testsupport {

const char* faultPointName(FaultPoint point)
{
    switch (point) {
    case FaultPoint::GuestData: return "data write";
    case FaultPoint::L2Table: return "L2 update";
    case FaultPoint::L1Entry: return "L1 entry update";
    case FaultPoint::L1Table: return "L1 growth";
    case FaultPoint::RefcountBlock: return "refcount block update";
    case FaultPoint::RefcountTable: return "refcount table growth";
    case FaultPoint::Header: return "header update";
    case FaultPoint::SnapshotTable: return "snapshot table update";
    case FaultPoint::SnapshotL1: return "snapshot L1 write";
    case FaultPoint::Flush: return "flush";
    case FaultPoint::Count: break;
    }
    return "?";
}

namespace {

// Writes the engine does not tag (e.g. image creation) are no fault point.
bool pointOf(WritePurpose purpose, FaultPoint& point)
{
    switch (purpose) {
    case WritePurpose::GuestData: point = FaultPoint::GuestData; return true;
    case WritePurpose::L2Table: point = FaultPoint::L2Table; return true;
    case WritePurpose::L1Entry: point = FaultPoint::L1Entry; return true;
    case WritePurpose::L1Table: point = FaultPoint::L1Table; return true;
    case WritePurpose::RefcountBlock: point = FaultPoint::RefcountBlock; return true;
    case WritePurpose::RefcountTable: point = FaultPoint::RefcountTable; return true;
    case WritePurpose::Header: point = FaultPoint::Header; return true;
    case WritePurpose::SnapshotTable: point = FaultPoint::SnapshotTable; return true;
    case WritePurpose::SnapshotL1: point = FaultPoint::SnapshotL1; return true;
    case WritePurpose::BitmapDirectory:
    case WritePurpose::Unspecified: break;
    }
    return false;
}

class FaultInjectingFile final : public HostFile {
public:
    FaultInjectingFile(std::unique_ptr<HostFile> inner, std::shared_ptr<FaultPlan> plan)
        : m_inner(std::move(inner)), m_plan(std::move(plan))
    {
    }

    const std::string& path() const override { return m_inner->path(); }
    Result<size_t> readAt(uint64_t offset, std::span<uint8_t> out) override { return m_inner->readAt(offset, out); }
    Status writeAt(uint64_t offset, std::span<const uint8_t> in) override
    {
        DS_TRY(failIfDead());
        return m_inner->writeAt(offset, in);
    }
    Status writeFor(WritePurpose purpose, uint64_t offset, std::span<const uint8_t> in) override
    {
        FaultPoint point;
        if (pointOf(purpose, point))
            DS_TRY(pass(point, "write failed"));
        else
            DS_TRY(failIfDead());
        return m_inner->writeAt(offset, in);
    }
    Result<uint64_t> size() override { return m_inner->size(); }
    Status resize(uint64_t newSize) override
    {
        DS_TRY(failIfDead());
        return m_inner->resize(newSize);
    }
    Status flush() override
    {
        DS_TRY(pass(FaultPoint::Flush, "flush failed"));
        return m_inner->flush();
    }
    Result<uint64_t> allocatedBytes() override { return m_inner->allocatedBytes(); }
    Result<HostExtent> extentAt(uint64_t offset) override { return m_inner->extentAt(offset); }
    Result<FileIdentity> identity() override { return m_inner->identity(); }
    Status lock(LockProfile profile) override { return m_inner->lock(profile); }
    Status punchHole(uint64_t offset, uint64_t length) override
    {
        DS_TRY(failIfDead());
        return m_inner->punchHole(offset, length);
    }
    Status reserve(uint64_t offset, uint64_t length) override
    {
        DS_TRY(failIfDead());
        return m_inner->reserve(offset, length);
    }

private:
    Status pass(FaultPoint point, const char* what)
    {
        DS_TRY(failIfDead());
        const uint64_t n = ++m_plan->seen[static_cast<size_t>(point)];
        if (point == m_plan->point && n == m_plan->failAt) {
            ++m_plan->injected;
            m_dead = m_plan->persistent;
            return makeSystemError(m_plan->error, what, m_inner->path());
        }
        return okStatus();
    }
    Status failIfDead()
    {
        if (!m_dead)
            return okStatus();
        ++m_plan->injected;
        return makeSystemError(m_plan->error, "I/O on a failed disk", m_inner->path());
    }

    std::unique_ptr<HostFile> m_inner;
    std::shared_ptr<FaultPlan> m_plan;
    bool m_dead = false;
};

}  // namespace

std::unique_ptr<HostFile> makeFaultInjectingFile(std::unique_ptr<HostFile> inner, std::shared_ptr<FaultPlan> plan)
{
    return std::make_unique<FaultInjectingFile>(std::move(inner), std::move(plan));
}

}  // namespace diskscope::testsupport
