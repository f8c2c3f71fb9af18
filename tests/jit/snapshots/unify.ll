define internal i64 @"snap_unify.f0"(i64 %".1", i64 %".2", {i64*, i64, i64}* %".3")
{
entry:
  %"s0" = alloca i64
  %"s1" = alloca i64
  %"l0" = alloca i64
  %"l1" = alloca i64
  store i64 %".2", i64* %"l0"
  store i64 -1407374883553280, i64* %"l1"
  %"cp_sp" = alloca i64
  store i64 0, i64* %"cp_sp"
  %"cp_stack" = alloca [1 x i32]
  %".8" = inttoptr i64 ptrtoint (i8* @"rt_stack" to i64) to {i64, i64}*
  %".9" = getelementptr inbounds {i64, i64}, {i64, i64}* %".8", i32 0, i32 0
  %".10" = load i64, i64* %".9"
  %".11" = getelementptr inbounds {i64, i64}, {i64, i64}* %".8", i32 0, i32 1
  %".12" = load i64, i64* %".11"
  %".13" = call i8* @"llvm.stacksave"()
  %".14" = ptrtoint i8* %".13" to i64
  %".15" = icmp ugt i64 %".14", %".10"
  %".16" = icmp slt i64 %".1", %".12"
  %".17" = and i1 %".15", %".16"
  br i1 %".17", label %"ok_depth", label %"bail_depth", !prof !0
ok_depth:
  br label %"L0"
bail_depth:
  store i32 8, i32* @"snap_unify.reason"
  ret i64 -281474976710656
L0:
  %".22" = load i64, i64* %"l0"
  %".23" = lshr i64 %".22", 48
  %".24" = icmp eq i64 %".23", 65528
  %".25" = lshr i64 %".22", 1
  %".26" = icmp eq i64 %".25", 9222386874436288512
  %".27" = or i1 %".24", %".26"
  %".28" = lshr i64 %".22", 51
  %".29" = icmp ne i64 %".28", 8191
  %".30" = or i1 %".27", %".29"
  %".31" = xor i1 %".30", -1
  br i1 %".31", label %"L0.if", label %"L0.endif", !prof !1
L6:
  %".70" = load i64, i64* %"s0"
  %".71" = load i64, i64* @"rt_sym.a"
  %".72" = call i32 @"rt_collect_push"({i64*, i64, i64}* %".3", i64 %".71")
  %".73" = icmp ne i32 %".72", 0
  br i1 %".73", label %"ok_no_memory", label %"bail_no_memory", !prof !0
L10:
  %".80" = load i64, i64* %"s0"
  store i64 %".80", i64* %"s0"
  %".82" = lshr i64 %".80", 48
  %".83" = icmp eq i64 %".82", 65533
  br i1 %".83", label %"expr_handle", label %"L18"
L14:
  %".139" = load i64, i64* %"s0"
  %".140" = load i64, i64* %"l1"
  %".141" = lshr i64 %".140", 48
  %".142" = icmp eq i64 %".141", 65528
  %".143" = lshr i64 %".140", 1
  %".144" = icmp eq i64 %".143", 9222386874436288512
  %".145" = or i1 %".142", %".144"
  %".146" = lshr i64 %".140", 51
  %".147" = icmp ne i64 %".146", 8191
  %".148" = or i1 %".145", %".147"
  %".149" = xor i1 %".148", -1
  br i1 %".149", label %"L14.if", label %"L14.endif", !prof !1
L18:
  %".158" = load i64, i64* %"s0"
  br label %"backtrack"
L0.if:
  %".33" = call i1 @"rt_word_inert"(i64 %".22")
  br i1 %".33", label %"ok_term", label %"bail_term", !prof !0
L0.endif:
  store i64 %".22", i64* %"s0"
  %".39" = load i64, i64* @"rt_sym.A"
  %".40" = icmp eq i64 %".22", %".39"
  br i1 %".40", label %"const", label %"const_not"
ok_term:
  br label %"L0.endif"
bail_term:
  store i32 10, i32* @"snap_unify.reason"
  ret i64 -281474976710656
const:
  br label %"L6"
const_not:
  %".42" = lshr i64 %".22", 48
  %".43" = icmp eq i64 %".42", 65532
  %".44" = lshr i64 %".22", 48
  %".45" = icmp eq i64 %".44", 65531
  %".46" = or i1 %".43", %".45"
  %".47" = lshr i64 %".22", 48
  %".48" = icmp eq i64 %".47", 65530
  %".49" = or i1 %".46", %".48"
  %".50" = lshr i64 %".22", 48
  %".51" = icmp eq i64 %".50", 65528
  %".52" = lshr i64 %".22", 48
  %".53" = icmp eq i64 %".52", 65529
  %".54" = lshr i64 %".22", 51
  %".55" = icmp ne i64 %".54", 8191
  %".56" = or i1 %".53", %".55"
  %".57" = or i1 %".51", %".56"
  %".58" = or i1 %".49", %".57"
  %".59" = lshr i64 %".22", 48
  %".60" = icmp eq i64 %".59", 65533
  br i1 %".58", label %"L10", label %"const_handle"
const_handle:
  br i1 %".60", label %"const_handle_not", label %"bail_term"
const_handle_not:
  %".63" = and i64 %".22", 281474976710655
  %".64" = add i64 %".63", 8
  %".65" = inttoptr i64 %".64" to i64*
  %".66" = load i64, i64* %".65"
  %".67" = icmp eq i64 %".66", ptrtoint (i8* @"rt_type_expression" to i64)
  br i1 %".67", label %"L10", label %"bail_term"
ok_no_memory:
  br label %"backtrack"
bail_no_memory:
  store i32 7, i32* @"snap_unify.reason"
  ret i64 -281474976710656
backtrack:
  br label %"exhausted"
exhausted:
  ret i64 0
expr_handle:
  %".85" = and i64 %".80", 281474976710655
  %".86" = add i64 %".85", 8
  %".87" = inttoptr i64 %".86" to i64*
  %".88" = load i64, i64* %".87"
  %".89" = icmp eq i64 %".88", ptrtoint (i8* @"rt_type_expression" to i64)
  br i1 %".89", label %"expr_type", label %"L18"
expr_type:
  %".91" = add i64 %".85", 40
  %".92" = inttoptr i64 %".91" to i64*
  %".93" = load i64, i64* %".92"
  %".94" = add i64 %".93", 16
  %".95" = inttoptr i64 %".94" to i64*
  %".96" = load i64, i64* %".95"
  %".97" = icmp eq i64 %".96", 2
  br i1 %".97", label %"expr_len", label %"L18"
expr_len:
  %".99" = add i64 %".93", 24
  %".100" = inttoptr i64 %".99" to i8**
  %".101" = load i8*, i8** %".100"
  %".102" = call i64 @"rt_unbox_child"(i8* %".101")
  %".103" = load i64, i64* @"rt_sym.P"
  %".104" = icmp eq i64 %".102", %".103"
  br i1 %".104", label %"const.1", label %"const_not.1"
const.1:
  %".133" = add i64 %".93", 32
  %".134" = inttoptr i64 %".133" to i8**
  %".135" = load i8*, i8** %".134"
  %".136" = call i64 @"rt_unbox_child"(i8* %".135")
  store i64 %".136", i64* %"l1"
  br label %"L14"
const_not.1:
  %".106" = lshr i64 %".102", 48
  %".107" = icmp eq i64 %".106", 65532
  %".108" = lshr i64 %".102", 48
  %".109" = icmp eq i64 %".108", 65531
  %".110" = or i1 %".107", %".109"
  %".111" = lshr i64 %".102", 48
  %".112" = icmp eq i64 %".111", 65530
  %".113" = or i1 %".110", %".112"
  %".114" = lshr i64 %".102", 48
  %".115" = icmp eq i64 %".114", 65528
  %".116" = lshr i64 %".102", 48
  %".117" = icmp eq i64 %".116", 65529
  %".118" = lshr i64 %".102", 51
  %".119" = icmp ne i64 %".118", 8191
  %".120" = or i1 %".117", %".119"
  %".121" = or i1 %".115", %".120"
  %".122" = or i1 %".113", %".121"
  %".123" = lshr i64 %".102", 48
  %".124" = icmp eq i64 %".123", 65533
  br i1 %".122", label %"L18", label %"const_handle.1"
const_handle.1:
  br i1 %".124", label %"const_handle_not.1", label %"bail_term"
const_handle_not.1:
  %".127" = and i64 %".102", 281474976710655
  %".128" = add i64 %".127", 8
  %".129" = inttoptr i64 %".128" to i64*
  %".130" = load i64, i64* %".129"
  %".131" = icmp eq i64 %".130", ptrtoint (i8* @"rt_type_expression" to i64)
  br i1 %".131", label %"L18", label %"bail_term"
L14.if:
  %".151" = call i1 @"rt_word_inert"(i64 %".140")
  br i1 %".151", label %"ok_term.1", label %"bail_term", !prof !0
L14.endif:
  %".154" = call i32 @"rt_collect_push"({i64*, i64, i64}* %".3", i64 %".140")
  %".155" = icmp ne i32 %".154", 0
  br i1 %".155", label %"ok_no_memory.1", label %"bail_no_memory", !prof !0
ok_term.1:
  br label %"L14.endif"
ok_no_memory.1:
  br label %"backtrack"
}
