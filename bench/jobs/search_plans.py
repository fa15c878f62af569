# The statements PostingService::Search runs for the bench's searches when no keyword term is
# rare enough to drive the query (the count capped at 1,001, then the first page of 20), per
# keyword (the bench's 16 roles) and region class (city "3301", district "330102"), with type
# FULL_TIME and literals instead of parameters; for timing and plans on a database the bench
# kept (`--db sqlite:FILE`, or a PostgreSQL URL):
#   python3 bench/jobs/search_plans.py sqlite NOW_MS | sqlite3 FILE   (timed)
#   python3 bench/jobs/search_plans.py pg NOW_MS | psql URL           (EXPLAIN ANALYZE)
import sys
dialect, now = sys.argv[1], int(sys.argv[2])
roles = ["软件工程师", "厨师", "仓库管理员", "会计", "销售代表", "护士", "电工", "司机",
         "客服专员", "教师", "保安", "质检员", "数据分析师", "前端开发", "店长", "焊工"]
cols = ("p.id, p.enterprise_id, p.enterprise_name, p.credit_code, p.title, p.description, p.region, "
        "p.locality, p.street_address, p.postal_code, p.employment_type, p.salary_min, p.salary_max, "
        "p.openings, p.valid_through, p.valid_through_ms, p.status, p.registry_status, p.created_by, "
        "p.created_at_ms")
if dialect == "sqlite":
    print(".timer on")
def terms(q):
    return [q] if len(q) == 1 else [q[i:i+2] for i in range(len(q) - 1)]
for region_col, region in (("region4", "3301"), ("region", "330102")):
    for role in roles:
        where = (f" WHERE p.status = 'open' AND p.valid_through_ms > {now} AND p.{region_col} = "
                 f"'{region}' AND p.employment_type = 'FULL_TIME'")
        for t in terms(role):
            where += (f" AND EXISTS (SELECT 1 FROM jobs_terms t WHERE t.term = '{t}' AND "
                      f"t.posting_id = p.id)")
        count = f"SELECT COUNT(*) FROM (SELECT 1 FROM jobs_postings p{where} LIMIT 1001) c;"
        page = (f"SELECT {cols} FROM jobs_postings p{where} ORDER BY p.created_at_ms DESC, p.id "
                f"DESC LIMIT 20 OFFSET 0;")
        tag = f"-- {region_col}={region} q={role} terms={len(terms(role))}"
        if dialect == "sqlite":
            print(f".print '{tag}'"); print(count); print("SELECT COUNT(*) FROM (" + page[:-1] + ");")
        else:
            print(f"\\echo '{tag}'"); print("EXPLAIN (ANALYZE, BUFFERS) " + count); print("EXPLAIN (ANALYZE, BUFFERS) " + page)
